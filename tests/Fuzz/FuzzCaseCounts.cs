namespace AsymVLM.Tests.Fuzz;

/// <summary>How many seeded mutations each input kind gets; case i of a kind always uses seed i, so a failure replays.</summary>
public static class FuzzCaseCounts
{
    public const int SafeTensorsFile = 80;
    public const int CheckpointHeader = 40;
    public const int ModelConfig = 80;
    public const int PreprocessorConfig = 50;
    public const int Tokenizer = 60;
    public const int Manifest = 50;
    public const int Image = 60;
    public const int DistillConfig = 60;
    public const int PretrainConfig = 60;
}

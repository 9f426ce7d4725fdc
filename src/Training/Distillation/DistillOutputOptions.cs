using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Distillation;

/// <summary>The <c>Output</c> section: the run directory and the scorer checkpoint directory.</summary>
public sealed class DistillOutputOptions : IValidatedOptions
{
    public string RunDir { get; set; } = "";
    public string ScorerDir { get; set; } = "";

    public void Validate(string section)
    {
        Require.NotEmpty(RunDir, $"{section}:RunDir");
        Require.NotEmpty(ScorerDir, $"{section}:ScorerDir");
    }
}

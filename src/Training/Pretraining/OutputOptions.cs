using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Pretraining;

/// <summary>The <c>Output</c> section: the run directory (checkpoints, logs, metrics) and where the final model goes.</summary>
public sealed class OutputOptions : IValidatedOptions
{
    public string RunDir { get; set; } = "";
    public string ExportDir { get; set; } = "";

    public void Validate(string section)
    {
        Require.NotEmpty(RunDir, $"{section}:RunDir");
        Require.NotEmpty(ExportDir, $"{section}:ExportDir");
    }
}

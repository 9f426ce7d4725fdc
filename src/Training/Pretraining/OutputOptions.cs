using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Pretraining;

/// <summary>The <c>Output</c> section: the run directory (checkpoints, logs, metrics), where the final model goes and where the stable-phase checkpoint is kept.</summary>
public sealed class OutputOptions : IValidatedOptions
{
    public string RunDir { get; set; } = "";
    public string ExportDir { get; set; } = "";
    /// <summary>
    /// Where a warmup-stable-decay run keeps its stable-phase checkpoint (weights, optimizer, step), the one to extend
    /// from; empty: RUN_DIR/stable. Point it at storage that outlives the machine (the shipped run's is committed).
    /// </summary>
    public string? StableDir { get => stableDir; set => stableDir = string.IsNullOrWhiteSpace(value) ? null : value; }
    string? stableDir;

    public void Validate(string section)
    {
        Require.NotEmpty(RunDir, $"{section}:RunDir");
        Require.NotEmpty(ExportDir, $"{section}:ExportDir");
    }
}

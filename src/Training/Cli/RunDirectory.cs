namespace AsymVLM.Training.Cli;

/// <summary>Refuses to overwrite a run's checkpoints unless asked to resume them (nothing is lost silently).</summary>
public static class RunDirectory
{
    public static void Prepare(string runDir, bool resume)
    {
        bool hasCheckpoint = Directory.Exists(Path.Combine(runDir, "latest"));
        if (hasCheckpoint && !resume)
            throw new InvalidOperationException($"{runDir} already holds a checkpoint: pass --resume to continue it, or set a new run directory.");
        Directory.CreateDirectory(runDir);
    }
}

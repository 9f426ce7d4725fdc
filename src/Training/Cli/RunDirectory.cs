using AsymVLM.Training.Common;

namespace AsymVLM.Training.Cli;

/// <summary>Refuses to overwrite a run's checkpoints unless asked to resume them (nothing is lost silently).</summary>
public static class RunDirectory
{
    /// <param name="stableDir">a warmup-stable-decay run's stable-phase checkpoint, when it lives outside the run directory</param>
    public static void Prepare(string runDir, bool resume, string? stableDir = null)
    {
        var held = new[] { Path.Combine(runDir, "latest"), stableDir ?? Path.Combine(runDir, "stable") }.Where(c =>
        {
            AtomicDirectory.Recover(c);
            return Directory.Exists(c);
        }).ToList();
        if (held.Count > 0 && !resume)
            throw new InvalidOperationException($"{string.Join(" and ", held)} already hold a checkpoint: pass --resume to continue, or set a new run directory.");
        Directory.CreateDirectory(runDir);
    }
}

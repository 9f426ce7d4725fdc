using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Scoring;

namespace AsymVLM.Inference.Cli;

/// <summary>The model on a device and, when a scorer is given, its distilled importance head (refused if distilled from another model).</summary>
public static class LoadedPipeline
{
    public static (Vlm Vlm, AsymPipeline Pipeline) Load(string modelDir, string? scorerDir, ComputeTarget target)
    {
        var vlm = VlmLoader.Load(modelDir, target);
        var head = scorerDir is null ? null : ScorerCheckpoint.Load(scorerDir, vlm.Hash, target.Device).Head;
        return (vlm, new AsymPipeline(vlm, head));
    }
}

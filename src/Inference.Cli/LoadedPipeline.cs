using TorchSharp;
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

    /// <summary>The model with an untrained importance head of the default shape, on the model's device (for timing only).</summary>
    public static (Vlm Vlm, AsymPipeline Pipeline) WithUntrainedScorer(string modelDir, ComputeTarget target)
    {
        var vlm = VlmLoader.Load(modelDir, target);
        var vision = vlm.Model.Config.Vision;
        var head = new ImportanceHead(new ImportanceHeadConfig
        {
            InputSize = vlm.Model.Config.Text.HiddenSize, GridHeight = vision.GridSize, GridWidth = vision.GridSize,
        });
        head.to(target.Device);
        head.eval();
        return (vlm, new AsymPipeline(vlm, head));
    }
}

using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Scoring;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// The model from --model on --device and, when --scorer is given, its distilled importance head (refused if distilled
/// from another model).
/// </summary>
public static class LoadedPipeline
{
    public static (Vlm Vlm, AsymPipeline Pipeline) From(CliArgs args)
    {
        var target = args.Target();
        var vlm = VlmLoader.Load(args.Required("--model"), target);
        var head = args.Get("--scorer") is { } scorer ? ScorerCheckpoint.Load(scorer, vlm.Hash, target.Device).Head : null;
        return (vlm, new AsymPipeline(vlm, head));
    }
}

using TorchSharp;
using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Model;

namespace AsymVLM.Inference.Checkpoints;

/// <summary>Builds a LlavaModel from an HF-layout directory (config.json + safetensors, sharded or not).</summary>
public static class ModelLoader
{
    /// <summary>
    /// Validates config.json and matches the checkpoint's headers against it before allocating the model, so a
    /// bad config or a checkpoint of another model fails fast instead of allocating (or half-loading) it.
    /// </summary>
    public static LlavaModel Load(string dir, ComputeTarget target)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"Model directory not found: {dir}");
        var config = LlavaConfig.Load(Path.Combine(dir, ModelDirectory.ConfigFile));
        using var checkpoint = CheckpointTensors.Open(dir);
        var sources = ModelWeights.Match(config, checkpoint, dir);
        var model = new LlavaModel(config);
        model.to(target.DType).to(target.Device);
        ModelWeights.Copy(model, checkpoint, sources, target.DType, target.Device);
        model.eval();
        return model;
    }
}

using TorchSharp;
using AsymVLM.Inference.Model;

namespace AsymVLM.Inference.Checkpoints;

/// <summary>Builds a LlavaModel from an HF-layout directory (config.json + safetensors, sharded or not).</summary>
public static class ModelLoader
{
    public static LlavaModel Load(string dir, ComputeTarget target)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"Model directory not found: {dir}");
        var config = LlavaConfig.Load(Path.Combine(dir, ModelDirectory.ConfigFile));
        var model = new LlavaModel(config);
        model.to(target.DType).to(target.Device);
        ModelWeights.Load(model, dir, target.DType, target.Device);
        model.eval();
        return model;
    }
}

using TorchSharp;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Benchmarks;

/// <summary>
/// A randomly initialized LLaVA of the reference VLM's shape (what Training's ReferenceModelOptions builds:
/// CLIP 128px/8 patches, 2 x 128; Llama 4 x 192, 6 heads over 2 KV heads), for timing without a checkpoint.
/// </summary>
public static class ReferenceSizedModel
{
    public static LlavaConfig Config => new()
    {
        Vision = new VisionConfig
        {
            HiddenSize = 128, IntermediateSize = 512, NumHiddenLayers = 2, NumAttentionHeads = 4,
            ImageSize = 128, PatchSize = 8,
        },
        Text = new TextConfig
        {
            VocabSize = 96, HiddenSize = 192, IntermediateSize = 512, NumHiddenLayers = 4,
            NumAttentionHeads = 6, NumKeyValueHeads = 2, HeadDim = 32, MaxPositionEmbeddings = 512, RmsNormEps = 1e-5,
        },
        ImageTokenIndex = 4, // <image> in the reference tokenizer
        VisionFeatureLayers = [-1],
        VisionFeatureSelectStrategy = "default",
    };

    public static LlavaModel Random(ComputeTarget target, int seed = 0)
    {
        manual_seed(seed);
        var model = new LlavaModel(Config);
        model.to(target.DType).to(target.Device);
        model.eval();
        return model;
    }
}

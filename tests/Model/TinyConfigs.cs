using AsymVLM.Inference.Model;

namespace AsymVLM.Tests.Model;

/// <summary>Tiny random model configs for unit tests (no weights needed).</summary>
public static class TinyConfigs
{
    public static LlavaConfig Llava(string textType = "llama", int kvHeads = 2, string strategy = "default", int featureLayer = -2) => new()
    {
        Vision = new VisionConfig
        {
            HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4,
            ImageSize = 32, PatchSize = 8,
        },
        Text = new TextConfig
        {
            ModelType = textType, VocabSize = 97, HiddenSize = 48, IntermediateSize = 96, NumHiddenLayers = 3,
            NumAttentionHeads = 4, NumKeyValueHeads = kvHeads, HeadDim = 12, QkvBias = textType == "qwen2",
            MaxPositionEmbeddings = 256,
        },
        ImageTokenIndex = 96,
        VisionFeatureLayers = [featureLayer],
        VisionFeatureSelectStrategy = strategy,
    };

    /// <summary>The same model with a SigLIP tower (no CLS token, so the "full" strategy: 16 image tokens).</summary>
    public static LlavaConfig Siglip(string textType = "llama", int featureLayer = -2)
    {
        var clip = Llava(textType, strategy: "full", featureLayer: featureLayer);
        return clip with { Vision = VisionConfig.SiglipDefaults with
        {
            HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4, ImageSize = 32, PatchSize = 8,
        } };
    }

    /// <summary>The tiny model as LLaVA-NeXT: 32-pixel tiles on a 4 x 4 patch grid, pinpoints up to 96 pixels a side.</summary>
    public static LlavaConfig LlavaNext(string visionType = VisionConfig.Clip) => WithTower(visionType) with
    {
        ModelType = LlavaConfig.LlavaNext,
        VisionFeatureSelectStrategy = visionType == VisionConfig.Siglip ? "full" : "default",
        ImageGridPinpoints = [(32, 64), (64, 32), (64, 64), (96, 32), (32, 96)],
    };

    /// <summary>The tiny config with the tower <paramref name="visionType"/> (<see cref="VisionConfig.Clip"/> or <see cref="VisionConfig.Siglip"/>).</summary>
    public static LlavaConfig WithTower(string visionType, int featureLayer = -2) =>
        visionType == VisionConfig.Siglip ? Siglip(featureLayer: featureLayer) : Llava(featureLayer: featureLayer);
}

using System.Text.Json.Nodes;

namespace AsymVLM.Inference.Model;

/// <summary>CLIP vision tower hyper-parameters; defaults are HF's <c>CLIPVisionConfig</c>.</summary>
public sealed record VisionConfig
{
    public int HiddenSize { get; init; } = 768;
    public int IntermediateSize { get; init; } = 3072;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int NumChannels { get; init; } = 3;
    public int ImageSize { get; init; } = 224;
    public int PatchSize { get; init; } = 32;
    public string HiddenAct { get; init; } = "quick_gelu";
    public double LayerNormEps { get; init; } = 1e-5;

    public int GridSize => ImageSize / PatchSize;
    public int NumPatches => GridSize * GridSize;

    /// <summary>What LlavaConfig uses when <c>vision_config</c> is absent (LLaVA-1.5's CLIP ViT-L/14-336).</summary>
    public static VisionConfig LlavaDefault => new()
    {
        HiddenSize = 1024, IntermediateSize = 4096, PatchSize = 14, ImageSize = 336,
        NumHiddenLayers = 24, NumAttentionHeads = 16,
    };

    public static VisionConfig FromJson(JsonObject? json, ConfigReader read)
    {
        if (json is null) return LlavaDefault;
        var d = new VisionConfig();
        return new VisionConfig
        {
            HiddenSize = read.Int(json, "hidden_size", d.HiddenSize),
            IntermediateSize = read.Int(json, "intermediate_size", d.IntermediateSize),
            NumHiddenLayers = read.Int(json, "num_hidden_layers", d.NumHiddenLayers),
            NumAttentionHeads = read.Int(json, "num_attention_heads", d.NumAttentionHeads),
            NumChannels = read.Int(json, "num_channels", d.NumChannels),
            ImageSize = read.Int(json, "image_size", d.ImageSize),
            PatchSize = read.Int(json, "patch_size", d.PatchSize),
            HiddenAct = read.String(json, "hidden_act", d.HiddenAct),
            LayerNormEps = read.Double(json, "layer_norm_eps", d.LayerNormEps),
        };
    }

    public JsonObject ToJson() => new()
    {
        ["model_type"] = "clip_vision_model",
        ["hidden_size"] = HiddenSize, ["intermediate_size"] = IntermediateSize,
        ["num_hidden_layers"] = NumHiddenLayers, ["num_attention_heads"] = NumAttentionHeads,
        ["num_channels"] = NumChannels, ["image_size"] = ImageSize, ["patch_size"] = PatchSize,
        ["hidden_act"] = HiddenAct, ["layer_norm_eps"] = LayerNormEps,
    };
}

using System.Text.Json.Nodes;

namespace AsymVLM.Inference.Model;

/// <summary>
/// Vision tower hyper-parameters, for the towers <see cref="Vision.VisionTower.Create"/> builds: CLIP (defaults are HF's
/// <c>CLIPVisionConfig</c>) and SigLIP (<see cref="SiglipDefaults"/>, HF's <c>SiglipVisionConfig</c>).
/// </summary>
public sealed record VisionConfig
{
    public const string Clip = "clip_vision_model", Siglip = "siglip_vision_model";
    public static readonly IReadOnlyList<string> SupportedTypes = [Clip, Siglip];

    /// <summary>HF's SiglipVisionConfig defaults (where they differ from CLIP's).</summary>
    public static readonly VisionConfig SiglipDefaults = new()
    {
        ModelType = Siglip, PatchSize = 16, HiddenAct = "gelu_pytorch_tanh", LayerNormEps = 1e-6, UseHead = true,
    };

    public string ModelType { get; init; } = Clip;
    public int HiddenSize { get; init; } = 768;
    public int IntermediateSize { get; init; } = 3072;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int NumChannels { get; init; } = 3;
    public int ImageSize { get; init; } = 224;
    public int PatchSize { get; init; } = 32;
    public string HiddenAct { get; init; } = "quick_gelu";
    public double LayerNormEps { get; init; } = 1e-5;
    /// <summary>SigLIP's <c>vision_use_head</c>: the checkpoint carries a pooling head, which LLaVA never uses (it is not loaded).</summary>
    public bool UseHead { get; init; }

    public int GridSize => ImageSize / PatchSize;
    public int NumPatches => GridSize * GridSize;
    /// <summary>CLIP prepends a class token to the patches; SigLIP has none.</summary>
    public bool HasClsToken => ModelType == Clip;
    /// <summary>Tokens the tower's encoder runs over: the patches, and the class token where there is one.</summary>
    public int SequenceLength => NumPatches + (HasClsToken ? 1 : 0);

    /// <param name="defaultType">the tower a section without model_type is (LlavaConfig: CLIP; LlavaOnevisionConfig: SigLIP)</param>
    public static VisionConfig FromJson(JsonObject json, ConfigReader read, string defaultType = Clip)
    {
        // HF reads an absent model_type as CLIP's; any other tower has other weights.
        string type = read.String(json, "model_type", defaultType);
        var d = type switch
        {
            Clip => new VisionConfig(),
            Siglip => SiglipDefaults,
            _ => throw new InvalidDataException(
                $"{read.File}: vision_config.model_type '{type}' is not supported (supported: {string.Join(", ", SupportedTypes)})."),
        };
        return new VisionConfig
        {
            ModelType = type,
            HiddenSize = read.Int(json, "hidden_size", d.HiddenSize),
            IntermediateSize = read.Int(json, "intermediate_size", d.IntermediateSize),
            NumHiddenLayers = read.Int(json, "num_hidden_layers", d.NumHiddenLayers),
            NumAttentionHeads = read.Int(json, "num_attention_heads", d.NumAttentionHeads),
            NumChannels = read.Int(json, "num_channels", d.NumChannels),
            ImageSize = read.Int(json, "image_size", d.ImageSize),
            PatchSize = read.Int(json, "patch_size", d.PatchSize),
            HiddenAct = read.String(json, "hidden_act", d.HiddenAct),
            LayerNormEps = read.Double(json, "layer_norm_eps", d.LayerNormEps),
            UseHead = type == Siglip && read.Bool(json, "vision_use_head", d.UseHead),
        };
    }

    /// <summary>Refuses values the tower cannot be built or run with; errors name <paramref name="file"/> and the key.</summary>
    public void Validate(string file)
    {
        if (!SupportedTypes.Contains(ModelType))
            throw new InvalidDataException($"{file}: vision_config.model_type '{ModelType}' is not supported (supported: {string.Join(", ", SupportedTypes)}).");
        ConfigChecks.Size(file, "vision_config.hidden_size", HiddenSize);
        ConfigChecks.Size(file, "vision_config.intermediate_size", IntermediateSize);
        ConfigChecks.Layers(file, "vision_config.num_hidden_layers", NumHiddenLayers);
        ConfigChecks.Size(file, "vision_config.num_attention_heads", NumAttentionHeads);
        ConfigChecks.Divisible(file, "vision_config.hidden_size", HiddenSize, "vision_config.num_attention_heads", NumAttentionHeads);
        // Images reach the tower as RGB (the image processor converts every input).
        if (NumChannels != 3)
            throw new InvalidDataException($"{file}: vision_config.num_channels is {NumChannels}; images are RGB, so it must be 3.");
        ConfigChecks.ImageSize(file, "vision_config.image_size", ImageSize);
        ConfigChecks.ImageSize(file, "vision_config.patch_size", PatchSize);
        // SigLIP so400m-patch14-384 (LLaVA-OneVision's tower) has 384 / 14 = 27.4: its stride-14 patch conv floors to
        // 27 x 27 patches (HF: num_patches = (image_size // patch_size)^2), dropping the last 6 pixel rows and columns.
        if (ModelType == Siglip)
        {
            if (PatchSize > ImageSize)
                throw new InvalidDataException($"{file}: vision_config.patch_size ({PatchSize}) is larger than vision_config.image_size ({ImageSize}).");
        }
        else ConfigChecks.Divisible(file, "vision_config.image_size", ImageSize, "vision_config.patch_size", PatchSize);
        ConfigChecks.PositiveFinite(file, "vision_config.layer_norm_eps", LayerNormEps);
        Activations.Validate(HiddenAct, file, "vision_config.hidden_act");
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["model_type"] = ModelType,
            ["hidden_size"] = HiddenSize, ["intermediate_size"] = IntermediateSize,
            ["num_hidden_layers"] = NumHiddenLayers, ["num_attention_heads"] = NumAttentionHeads,
            ["num_channels"] = NumChannels, ["image_size"] = ImageSize, ["patch_size"] = PatchSize,
            ["hidden_act"] = HiddenAct, ["layer_norm_eps"] = LayerNormEps,
        };
        if (ModelType == Siglip) json["vision_use_head"] = UseHead;
        return json;
    }
}

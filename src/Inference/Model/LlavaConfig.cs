using System.Text.Json;
using System.Text.Json.Nodes;

namespace AsymVLM.Inference.Model;

/// <summary>
/// A LLaVA model's config.json, read the way HF's <c>LlavaConfig</c>, <c>LlavaNextConfig</c> and <c>LlavaOnevisionConfig</c>
/// read it: absent keys take HF's defaults (real LLaVA configs omit many), nested vision/text configs included.
/// </summary>
public sealed record LlavaConfig
{
    public const string Llava = "llava", LlavaNext = "llava_next", LlavaOnevision = "llava_onevision";
    public static readonly IReadOnlyList<string> SupportedTypes = [Llava, LlavaNext, LlavaOnevision];
    /// <summary>LlavaNextConfig's default <c>image_grid_pinpoints</c>, (height, width).</summary>
    public static readonly IReadOnlyList<(int Height, int Width)> DefaultPinpoints = [(336, 672), (672, 336), (672, 672), (1008, 336), (336, 1008)];
    /// <summary>LlavaOnevisionConfig's default <c>image_grid_pinpoints</c>: every (384 i, 384 j) for i, j in 1..6.</summary>
    public static readonly IReadOnlyList<(int Height, int Width)> DefaultOnevisionPinpoints =
        [.. from i in Enumerable.Range(1, 6) from j in Enumerable.Range(1, 6) select (384 * i, 384 * j)];
    const string AnyResMaxPrefix = "anyres_max_";

    /// <summary><see cref="Llava"/>: one view per image; <see cref="LlavaNext"/>: AnyRes views, unpadding and row newlines;
    /// <see cref="LlavaOnevision"/>: the same, with the tiles' map downscaled past <see cref="MaxNumPatches"/>.</summary>
    public string ModelType { get; init; } = Llava;
    /// <summary>LLaVA-NeXT's candidate (height, width) resolutions an image is tiled to.</summary>
    public IReadOnlyList<(int Height, int Width)> ImageGridPinpoints { get; init; } = DefaultPinpoints;
    public bool IsAnyRes => ModelType is LlavaNext or LlavaOnevision;
    /// <summary>
    /// OneVision's <c>vision_aspect_ratio</c> "anyres_max_N": the unpadded tiles' map is shrunk to about N tiles' worth
    /// of patches (<see cref="Data.Images.AnyResLayout.Packed"/>); null for the other types, which never shrink it.
    /// </summary>
    public int? MaxNumPatches { get; init; }
    public required VisionConfig Vision { get; init; }
    public required TextConfig Text { get; init; }
    public int ImageTokenIndex { get; init; } = 32000;
    /// <summary>Indices into the vision tower's hidden states (0 = embeddings); several are concatenated.</summary>
    public int[] VisionFeatureLayers { get; init; } = [-2];
    /// <summary>"default" drops the CLS token, "full" keeps it (and is the only choice for a tower without one).</summary>
    public string VisionFeatureSelectStrategy { get; init; } = "default";
    public string ProjectorHiddenAct { get; init; } = "gelu";
    public bool ProjectorBias { get; init; } = true;

    /// <summary>Image tokens one view becomes in the language model (LLaVA: one image; LLaVA-NeXT: one base view or tile).</summary>
    public int ImageTokenCount => DropsClsToken ? Vision.NumPatches : Vision.SequenceLength;

    public bool DropsClsToken => VisionFeatureSelectStrategy == "default";

    public static LlavaConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model config not found: {path}", path);
        JsonObject json;
        try
        {
            // A repeated key would otherwise throw later, from whichever lookup first touches its object.
            json = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new InvalidDataException($"{path}: not a JSON object.");
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: invalid JSON: {e.Message}", e); }

        var read = new ConfigReader(path);
        string type = read.String(json, "model_type", Llava);
        if (!SupportedTypes.Contains(type))
            throw new InvalidDataException($"{path}: model_type '{type}' is not supported (supported: {string.Join(", ", SupportedTypes)}).");

        bool onevision = type == LlavaOnevision;
        // LlavaOnevisionConfig's own defaults: SigLIP's last layer, all its patches, Qwen2's <image> id.
        string strategy = read.String(json, "vision_feature_select_strategy", onevision ? "full" : "default");
        if (strategy is not ("default" or "full"))
            throw new InvalidDataException($"{path}: vision_feature_select_strategy '{strategy}' must be 'default' or 'full'.");
        string act = read.String(json, "projector_hidden_act", "gelu");
        Activations.Validate(act, path, "projector_hidden_act");

        var config = new LlavaConfig
        {
            ModelType = type,
            ImageGridPinpoints = type switch
            {
                LlavaNext => Pinpoints(json, path, DefaultPinpoints),
                LlavaOnevision => Pinpoints(json, path, DefaultOnevisionPinpoints),
                _ => DefaultPinpoints,
            },
            MaxNumPatches = onevision ? AnyResMax(read.String(json, "vision_aspect_ratio", AnyResMaxPrefix + "9"), path) : null,
            Vision = VisionConfig.FromJson(Section(json, "vision_config", path), read, onevision ? VisionConfig.Siglip : VisionConfig.Clip),
            Text = TextConfig.FromJson(Section(json, "text_config", path), read, onevision ? "qwen2" : "llama"),
            ImageTokenIndex = read.Int(json, "image_token_index", read.Int(json, "image_token_id", onevision ? 151646 : 32000)),
            VisionFeatureLayers = FeatureLayers(json, path, read, onevision ? -1 : -2),
            VisionFeatureSelectStrategy = strategy,
            ProjectorHiddenAct = act,
            ProjectorBias = read.Bool(json, "multimodal_projector_bias", true),
        };
        config.Validate(path);
        return config;
    }

    /// <summary>
    /// Refuses a config the model cannot be built or run with, before anything is allocated from it; errors name
    /// <paramref name="file"/> and the key.
    /// </summary>
    public void Validate(string file)
    {
        Vision.Validate(file);
        Text.Validate(file);
        if (IsAnyRes) ValidateAnyRes(file);
        // HF would drop the first patch instead, silently: a config mistake, not a model.
        if (DropsClsToken && !Vision.HasClsToken)
            throw new InvalidDataException(
                $"{file}: vision_feature_select_strategy 'default' drops the CLS token, but a {Vision.ModelType} has none; set it to 'full'.");
        if (VisionFeatureLayers.Length == 0)
            throw new InvalidDataException($"{file}: vision_feature_layer is an empty list; it must name at least one layer.");
        foreach (int layer in VisionFeatureLayers)
            if (layer < -(Vision.NumHiddenLayers + 1) || layer > Vision.NumHiddenLayers)
                throw new InvalidDataException($"{file}: vision_feature_layer {layer} is outside a {Vision.NumHiddenLayers}-layer vision tower.");
        if (ImageTokenIndex < 0 || ImageTokenIndex >= Text.VocabSize)
            throw new InvalidDataException(
                $"{file}: image_token_index {ImageTokenIndex} is outside text_config.vocab_size {Text.VocabSize} (ids 0..{Text.VocabSize - 1}).");
        long? parameters = LlavaParameterShapes.ElementCount(LlavaParameterShapes.Of(this));
        if (parameters is not (long count and <= ConfigChecks.MaxParameterCount))
            throw new InvalidDataException(
                $"{file}: the config describes a model of {parameters?.ToString() ?? "more than 2^63"} parameters, over the {ConfigChecks.MaxParameterCount} limit.");
    }

    void ValidateAnyRes(string file)
    {
        // A tile's features are laid out on the patch grid, which a kept CLS token would not fit (HF fails there too).
        if (ImageTokenCount != Vision.NumPatches)
            throw new InvalidDataException(
                $"{file}: a {ModelType} model lays each view's features on its {Vision.GridSize} x {Vision.GridSize} patch grid; " +
                $"vision_feature_select_strategy '{VisionFeatureSelectStrategy}' keeps the CLS token ({ImageTokenCount} tokens per view). Use 'default'.");
        if (ImageGridPinpoints.Count == 0)
            throw new InvalidDataException($"{file}: image_grid_pinpoints is empty; a {ModelType} model needs at least one resolution.");
        if ((ModelType == LlavaOnevision) != MaxNumPatches.HasValue || MaxNumPatches < 1)
            throw new InvalidDataException(
                $"{file}: vision_aspect_ratio ({(MaxNumPatches is int n ? AnyResMaxPrefix + n : "none")}) must be 'anyres_max_N', N >= 1, for {LlavaOnevision} and absent otherwise.");
        foreach (var (height, width) in ImageGridPinpoints)
            if (height < Vision.ImageSize || width < Vision.ImageSize || height % Vision.ImageSize != 0 || width % Vision.ImageSize != 0
                || height > ConfigChecks.MaxImageSize || width > ConfigChecks.MaxImageSize)
                throw new InvalidDataException(
                    $"{file}: image_grid_pinpoints holds [{height}, {width}]; each side must be a multiple of vision_config.image_size {Vision.ImageSize}, at most {ConfigChecks.MaxImageSize}.");
    }

    /// <summary>HF parses "anyres_max_N" with <c>int(s.strip("anyres_max_"))</c>; only that exact form, N >= 1, is accepted here.</summary>
    static int AnyResMax(string value, string path) =>
        value.StartsWith(AnyResMaxPrefix, StringComparison.Ordinal) && value.Length > AnyResMaxPrefix.Length
            && value[AnyResMaxPrefix.Length..].All(char.IsAsciiDigit)
            && int.TryParse(value[AnyResMaxPrefix.Length..], out int n) && n >= 1
            ? n
            : throw new InvalidDataException($"{path}: vision_aspect_ratio '{value}' is not supported; expected 'anyres_max_N' with N >= 1 (e.g. 'anyres_max_9').");

    static IReadOnlyList<(int Height, int Width)> Pinpoints(JsonObject json, string path, IReadOnlyList<(int Height, int Width)> defaults) => json["image_grid_pinpoints"] switch
    {
        null => defaults,
        JsonArray list => list.Select(n => n is JsonArray pair && pair.Count == 2
                && pair[0] is JsonValue h && h.TryGetValue(out int height) && pair[1] is JsonValue w && w.TryGetValue(out int width)
            ? (height, width)
            : throw new InvalidDataException($"{path}: image_grid_pinpoints holds {n?.ToJsonString() ?? "null"}, expected [height, width] integer pairs.")).ToArray(),
        var other => throw new InvalidDataException($"{path}: image_grid_pinpoints is {other.ToJsonString()}, expected a list of [height, width] pairs."),
    };

    // No defaults for a missing section: HF's (LLaVA-1.5-7B's) would silently build a 7B-parameter model.
    static JsonObject Section(JsonObject json, string key, string path) => json[key] switch
    {
        JsonObject section => section,
        null => throw new InvalidDataException($"{path}: '{key}' is missing; a LLaVA config must describe its {key[..key.IndexOf('_')]} model."),
        var other => throw new InvalidDataException($"{path}: '{key}' is {other.ToJsonString()}, expected a JSON object."),
    };

    static int[] FeatureLayers(JsonObject json, string path, ConfigReader read, int fallback) => json["vision_feature_layer"] switch
    {
        null => [fallback],
        JsonArray list => list.Select(n => n is JsonValue v && v.TryGetValue(out int layer)
            ? layer
            : throw new InvalidDataException($"{path}: vision_feature_layer holds {n?.ToJsonString() ?? "null"}, expected integers.")).ToArray(),
        _ => [read.Int(json, "vision_feature_layer", fallback)],
    };

    public void Save(string path)
    {
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray(ModelType switch
            {
                LlavaNext => "LlavaNextForConditionalGeneration",
                LlavaOnevision => "LlavaOnevisionForConditionalGeneration",
                _ => "LlavaForConditionalGeneration",
            }),
            ["model_type"] = ModelType,
            ["image_token_index"] = ImageTokenIndex,
            ["vision_feature_layer"] = VisionFeatureLayers.Length == 1
                ? VisionFeatureLayers[0] : new JsonArray(VisionFeatureLayers.Select(l => (JsonNode)l).ToArray()),
            ["vision_feature_select_strategy"] = VisionFeatureSelectStrategy,
            ["projector_hidden_act"] = ProjectorHiddenAct,
            ["multimodal_projector_bias"] = ProjectorBias,
            ["image_seq_length"] = ImageTokenCount,
            ["tie_word_embeddings"] = Text.TieWordEmbeddings,
            ["vision_config"] = Vision.ToJson(),
            ["text_config"] = Text.ToJson(),
        };
        if (IsAnyRes)
            json["image_grid_pinpoints"] = new JsonArray(ImageGridPinpoints.Select(p => (JsonNode)new JsonArray(p.Height, p.Width)).ToArray());
        if (MaxNumPatches is int n) json["vision_aspect_ratio"] = AnyResMaxPrefix + n;
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}

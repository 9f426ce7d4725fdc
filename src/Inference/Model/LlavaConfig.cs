using System.Text.Json;
using System.Text.Json.Nodes;

namespace AsymVLM.Inference.Model;

/// <summary>
/// A LLaVA model's config.json, read the way HF's <c>LlavaConfig</c> reads it: absent keys take HF's
/// defaults (real LLaVA configs omit many), nested vision/text configs included.
/// </summary>
public sealed record LlavaConfig
{
    public required VisionConfig Vision { get; init; }
    public required TextConfig Text { get; init; }
    public int ImageTokenIndex { get; init; } = 32000;
    /// <summary>Indices into the vision tower's hidden states (0 = embeddings); several are concatenated.</summary>
    public int[] VisionFeatureLayers { get; init; } = [-2];
    /// <summary>"default" drops the CLS token, "full" keeps it.</summary>
    public string VisionFeatureSelectStrategy { get; init; } = "default";
    public string ProjectorHiddenAct { get; init; } = "gelu";
    public bool ProjectorBias { get; init; } = true;

    /// <summary>Image tokens one image becomes in the language model.</summary>
    public int ImageTokenCount => Vision.NumPatches + (VisionFeatureSelectStrategy == "full" ? 1 : 0);

    public static LlavaConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model config not found: {path}", path);
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: not a JSON object."); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: invalid JSON: {e.Message}", e); }

        var read = new ConfigReader(path);
        string type = read.String(json, "model_type", "llava");
        if (type != "llava")
            throw new InvalidDataException($"{path}: model_type '{type}' is not supported (expected 'llava').");

        string strategy = read.String(json, "vision_feature_select_strategy", "default");
        if (strategy is not ("default" or "full"))
            throw new InvalidDataException($"{path}: vision_feature_select_strategy '{strategy}' must be 'default' or 'full'.");
        string act = read.String(json, "projector_hidden_act", "gelu");
        Activations.Validate(act, path, "projector_hidden_act");

        var config = new LlavaConfig
        {
            Vision = VisionConfig.FromJson(json["vision_config"] as JsonObject, read),
            Text = TextConfig.FromJson(json["text_config"] as JsonObject, read),
            ImageTokenIndex = read.Int(json, "image_token_index", read.Int(json, "image_token_id", 32000)),
            VisionFeatureLayers = FeatureLayers(json, read),
            VisionFeatureSelectStrategy = strategy,
            ProjectorHiddenAct = act,
            ProjectorBias = read.Bool(json, "multimodal_projector_bias", true),
        };
        Activations.Validate(config.Vision.HiddenAct, path, "vision_config.hidden_act");
        Activations.Validate(config.Text.HiddenAct, path, "text_config.hidden_act");
        foreach (int layer in config.VisionFeatureLayers)
            if (layer < -(config.Vision.NumHiddenLayers + 1) || layer > config.Vision.NumHiddenLayers)
                throw new InvalidDataException($"{path}: vision_feature_layer {layer} is outside a {config.Vision.NumHiddenLayers}-layer vision tower.");
        return config;
    }

    static int[] FeatureLayers(JsonObject json, ConfigReader read) => json["vision_feature_layer"] switch
    {
        null => [-2],
        JsonArray list => list.Select(n => n!.GetValue<int>()).ToArray(),
        _ => [read.Int(json, "vision_feature_layer", -2)],
    };

    public void Save(string path)
    {
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray("LlavaForConditionalGeneration"),
            ["model_type"] = "llava",
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
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}

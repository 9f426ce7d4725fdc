using System.Text.Json.Nodes;

namespace AsymVLM.Inference.Model;

/// <summary>
/// Decoder hyper-parameters for Llama, Mistral (Llama's layers, no biases) and Qwen2; defaults follow HF's config classes
/// per model_type.
/// </summary>
public sealed record TextConfig
{
    public const string Mistral = "mistral";
    const int MistralSlidingWindow = 4096;

    public string ModelType { get; init; } = "llama";
    public int VocabSize { get; init; } = 32000;
    public int HiddenSize { get; init; } = 4096;
    public int IntermediateSize { get; init; } = 11008;
    public int NumHiddenLayers { get; init; } = 32;
    public int NumAttentionHeads { get; init; } = 32;
    public int NumKeyValueHeads { get; init; } = 32;
    public int HeadDim { get; init; } = 128;
    /// <summary>The longest sequence the decoder runs as HF does (a Mistral's is limited to its sliding window).</summary>
    public int MaxPositionEmbeddings { get; init; } = 2048;
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000;
    public bool TieWordEmbeddings { get; init; }
    /// <summary>Bias on q/k/v projections: Qwen2 always, Llama when <c>attention_bias</c>.</summary>
    public bool QkvBias { get; init; }
    /// <summary>Bias on o_proj: Llama's <c>attention_bias</c> covers it too; Qwen2 has none.</summary>
    public bool OutputBias { get; init; }
    public string HiddenAct { get; init; } = "silu";

    /// <param name="defaultType">the decoder a section without model_type is (LlavaConfig: Llama; LlavaOnevisionConfig: Qwen2)</param>
    public static TextConfig FromJson(JsonObject json, ConfigReader read, string defaultType = "llama")
    {
        string type = read.String(json, "model_type", defaultType);
        var d = type switch
        {
            "llama" => new TextConfig(),
            Mistral => new TextConfig
            {
                ModelType = Mistral, IntermediateSize = 14336, NumKeyValueHeads = 8, MaxPositionEmbeddings = 4096 * 32,
            },
            "qwen2" => new TextConfig
            {
                ModelType = "qwen2", VocabSize = 151936, IntermediateSize = 22016,
                MaxPositionEmbeddings = 32768, QkvBias = true,
            },
            _ => throw new InvalidDataException(
                $"{read.File}: text_config.model_type '{type}' is not supported (supported: llama, {Mistral}, qwen2)."),
        };

        RejectRopeScaling(json, read);
        int hidden = read.Int(json, "hidden_size", d.HiddenSize);
        int heads = read.Int(json, "num_attention_heads", d.NumAttentionHeads);
        ConfigChecks.Size(read.File, "text_config.num_attention_heads", heads);
        // head_dim defaults to hidden_size / heads; a remainder would silently shrink every head.
        if (json["head_dim"] is null)
            ConfigChecks.Divisible(read.File, "text_config.hidden_size", hidden, "text_config.num_attention_heads", heads);
        bool llamaBias = type == "llama" && read.Bool(json, "attention_bias", false);
        return d with
        {
            VocabSize = read.Int(json, "vocab_size", d.VocabSize),
            HiddenSize = hidden,
            IntermediateSize = read.Int(json, "intermediate_size", d.IntermediateSize),
            NumHiddenLayers = read.Int(json, "num_hidden_layers", d.NumHiddenLayers),
            NumAttentionHeads = heads,
            // HF: absent (or null) num_key_value_heads means multi-head attention; Mistral's defaults to 8.
            NumKeyValueHeads = read.Int(json, "num_key_value_heads", type == Mistral ? d.NumKeyValueHeads : heads),
            HeadDim = read.Int(json, "head_dim", hidden / heads),
            MaxPositionEmbeddings = WithinSlidingWindow(json, read, type, read.Int(json, "max_position_embeddings", d.MaxPositionEmbeddings)),
            RmsNormEps = read.Double(json, "rms_norm_eps", d.RmsNormEps),
            RopeTheta = RopeThetaOf(json, read, d.RopeTheta),
            TieWordEmbeddings = read.Bool(json, "tie_word_embeddings", d.TieWordEmbeddings),
            QkvBias = d.QkvBias || llamaBias,
            OutputBias = llamaBias,
            HiddenAct = read.String(json, "hidden_act", d.HiddenAct),
        };
    }

    /// <summary>Refuses values the decoder cannot be built or run with; errors name <paramref name="file"/> and the key.</summary>
    public void Validate(string file)
    {
        ConfigChecks.Size(file, "text_config.vocab_size", VocabSize);
        ConfigChecks.Size(file, "text_config.hidden_size", HiddenSize);
        ConfigChecks.Size(file, "text_config.intermediate_size", IntermediateSize);
        ConfigChecks.Layers(file, "text_config.num_hidden_layers", NumHiddenLayers);
        ConfigChecks.Size(file, "text_config.num_attention_heads", NumAttentionHeads);
        ConfigChecks.Size(file, "text_config.num_key_value_heads", NumKeyValueHeads);
        ConfigChecks.Divisible(file, "text_config.num_attention_heads", NumAttentionHeads, "text_config.num_key_value_heads", NumKeyValueHeads);
        ConfigChecks.Size(file, "text_config.head_dim", HeadDim);
        ConfigChecks.Divisible(file, "text_config.head_dim", HeadDim, "2 (RoPE rotates channel pairs)", 2);
        if (MaxPositionEmbeddings < 1)
            throw new InvalidDataException($"{file}: text_config.max_position_embeddings is {MaxPositionEmbeddings}; it must be at least 1.");
        ConfigChecks.PositiveFinite(file, "text_config.rms_norm_eps", RmsNormEps);
        // Below 1 the rotation frequencies 1 / theta^(2i/d) overflow float32 into NaN positions.
        if (!(RopeTheta >= 1) || !double.IsFinite(RopeTheta))
            throw new InvalidDataException($"{file}: text_config.rope_theta is {RopeTheta}; it must be a finite number of at least 1.");
        Activations.Validate(HiddenAct, file, "text_config.hidden_act");
    }

    /// <summary>
    /// HF's Mistral masks keys more than sliding_window positions back (absent: 4096; null: no window). This decoder
    /// attends to every earlier position, so a Mistral's sequences are limited to its window, where the two agree.
    /// </summary>
    static int WithinSlidingWindow(JsonObject json, ConfigReader read, string type, int positions)
    {
        if (type != Mistral) return positions;
        if (!json.ContainsKey("sliding_window")) return Math.Min(positions, MistralSlidingWindow);
        if (json["sliding_window"] is null) return positions;
        int window = read.Int(json, "sliding_window", positions);
        if (window < 1)
            throw new InvalidDataException($"{read.File}: text_config.sliding_window is {window}; it must be at least 1 (or null: no window).");
        return Math.Min(positions, window);
    }

    // Newer HF configs nest rope_theta in rope_parameters; only the default RoPE is implemented.
    static double RopeThetaOf(JsonObject json, ConfigReader read, double fallback) =>
        json["rope_parameters"] is JsonObject p
            ? read.Double(p, "rope_theta", fallback)
            : read.Double(json, "rope_theta", fallback);

    static void RejectRopeScaling(JsonObject json, ConfigReader read)
    {
        var scaling = json["rope_scaling"] as JsonObject ?? json["rope_parameters"] as JsonObject;
        if (scaling is null) return;
        string kind = read.String(scaling, "rope_type", read.String(scaling, "type", "default"));
        if (kind != "default")
            throw new InvalidDataException($"{read.File}: rope type '{kind}' is not supported (only 'default').");
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["model_type"] = ModelType, ["vocab_size"] = VocabSize, ["hidden_size"] = HiddenSize,
            ["intermediate_size"] = IntermediateSize, ["num_hidden_layers"] = NumHiddenLayers,
            ["num_attention_heads"] = NumAttentionHeads, ["num_key_value_heads"] = NumKeyValueHeads,
            ["head_dim"] = HeadDim, ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["rms_norm_eps"] = RmsNormEps, ["rope_theta"] = RopeTheta,
            ["tie_word_embeddings"] = TieWordEmbeddings, ["attention_bias"] = OutputBias,
            ["hidden_act"] = HiddenAct,
        };
        // A Mistral's positions are already limited to its window (WithinSlidingWindow); absent, HF would apply one of 4096.
        if (ModelType == Mistral) json["sliding_window"] = null;
        return json;
    }
}

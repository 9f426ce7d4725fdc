using System.Text.Json.Nodes;

namespace AsymVLM.Inference.Model;

/// <summary>Decoder hyper-parameters for Llama and Qwen2; defaults follow HF's config classes per model_type.</summary>
public sealed record TextConfig
{
    public string ModelType { get; init; } = "llama";
    public int VocabSize { get; init; } = 32000;
    public int HiddenSize { get; init; } = 4096;
    public int IntermediateSize { get; init; } = 11008;
    public int NumHiddenLayers { get; init; } = 32;
    public int NumAttentionHeads { get; init; } = 32;
    public int NumKeyValueHeads { get; init; } = 32;
    public int HeadDim { get; init; } = 128;
    public int MaxPositionEmbeddings { get; init; } = 2048;
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000;
    public bool TieWordEmbeddings { get; init; }
    /// <summary>Bias on q/k/v projections: Qwen2 always, Llama when <c>attention_bias</c>.</summary>
    public bool QkvBias { get; init; }
    /// <summary>Bias on o_proj: Llama's <c>attention_bias</c> covers it too; Qwen2 has none.</summary>
    public bool OutputBias { get; init; }
    public string HiddenAct { get; init; } = "silu";

    public static TextConfig FromJson(JsonObject? json, ConfigReader read)
    {
        string type = json is null ? "llama" : read.String(json, "model_type", "llama");
        var d = type switch
        {
            "llama" => new TextConfig(),
            "qwen2" => new TextConfig
            {
                ModelType = "qwen2", VocabSize = 151936, IntermediateSize = 22016,
                MaxPositionEmbeddings = 32768, QkvBias = true,
            },
            _ => throw new InvalidDataException(
                $"{read.File}: text_config.model_type '{type}' is not supported (supported: llama, qwen2)."),
        };
        if (json is null) return d;

        RejectRopeScaling(json, read);
        int hidden = read.Int(json, "hidden_size", d.HiddenSize);
        int heads = read.Int(json, "num_attention_heads", d.NumAttentionHeads);
        bool llamaBias = type == "llama" && read.Bool(json, "attention_bias", false);
        return d with
        {
            VocabSize = read.Int(json, "vocab_size", d.VocabSize),
            HiddenSize = hidden,
            IntermediateSize = read.Int(json, "intermediate_size", d.IntermediateSize),
            NumHiddenLayers = read.Int(json, "num_hidden_layers", d.NumHiddenLayers),
            NumAttentionHeads = heads,
            // HF: absent (or null) num_key_value_heads means multi-head attention.
            NumKeyValueHeads = read.Int(json, "num_key_value_heads", heads),
            HeadDim = read.Int(json, "head_dim", hidden / heads),
            MaxPositionEmbeddings = read.Int(json, "max_position_embeddings", d.MaxPositionEmbeddings),
            RmsNormEps = read.Double(json, "rms_norm_eps", d.RmsNormEps),
            RopeTheta = RopeThetaOf(json, read, d.RopeTheta),
            TieWordEmbeddings = read.Bool(json, "tie_word_embeddings", d.TieWordEmbeddings),
            QkvBias = d.QkvBias || llamaBias,
            OutputBias = llamaBias,
            HiddenAct = read.String(json, "hidden_act", d.HiddenAct),
        };
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

    public JsonObject ToJson() => new()
    {
        ["model_type"] = ModelType, ["vocab_size"] = VocabSize, ["hidden_size"] = HiddenSize,
        ["intermediate_size"] = IntermediateSize, ["num_hidden_layers"] = NumHiddenLayers,
        ["num_attention_heads"] = NumAttentionHeads, ["num_key_value_heads"] = NumKeyValueHeads,
        ["head_dim"] = HeadDim, ["max_position_embeddings"] = MaxPositionEmbeddings,
        ["rms_norm_eps"] = RmsNormEps, ["rope_theta"] = RopeTheta,
        ["tie_word_embeddings"] = TieWordEmbeddings, ["attention_bias"] = OutputBias,
        ["hidden_act"] = HiddenAct,
    };
}

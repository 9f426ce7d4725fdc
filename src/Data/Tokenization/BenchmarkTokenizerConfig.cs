using System.Text.Json.Serialization;

namespace AsymVLM.Data.Tokenization;

/// <summary>
/// The JSON shape of the benchmark tokenizer's tokenizer_config.json, in HuggingFace's naming:
/// the control tokens by role, and every token matched whole (control and word tokens) under
/// <c>added_tokens_decoder</c>, keyed by id, with <c>special</c> true for the control tokens.
/// </summary>
internal sealed class BenchmarkTokenizerConfig
{
    [JsonPropertyName("tokenizer_class")] public string? TokenizerClass { get; set; }
    [JsonPropertyName("pad_token")] public string? PadToken { get; set; }
    [JsonPropertyName("bos_token")] public string? BosToken { get; set; }
    [JsonPropertyName("eos_token")] public string? EosToken { get; set; }
    [JsonPropertyName("unk_token")] public string? UnkToken { get; set; }
    [JsonPropertyName("image_token")] public string? ImageToken { get; set; }
    [JsonPropertyName("added_tokens_decoder")] public Dictionary<string, AddedToken>? AddedTokensDecoder { get; set; }

    internal sealed class AddedToken
    {
        [JsonPropertyName("content")] public string? Content { get; set; }
        [JsonPropertyName("special")] public bool Special { get; set; }
    }
}

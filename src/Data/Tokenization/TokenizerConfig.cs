using System.Text.Json;

namespace AsymVLM.Data.Tokenization;

/// <summary>
/// The HuggingFace tokenizer settings of a model directory: <c>tokenizer_config.json</c>, overridden by
/// <c>special_tokens_map.json</c> (as transformers does), plus the added tokens from
/// <c>added_tokens_decoder</c> and the older <c>added_tokens.json</c>. Every file is optional.
/// </summary>
public sealed record TokenizerConfig(
    string? TokenizerClass,
    string? BosToken,
    string? EosToken,
    string? PadToken,
    string? UnkToken,
    bool AddBosToken,
    IReadOnlyDictionary<string, int> AddedTokens)
{
    public const string ConfigFileName = "tokenizer_config.json";
    public const string SpecialTokensMapFileName = "special_tokens_map.json";
    public const string AddedTokensFileName = "added_tokens.json";

    public static TokenizerConfig Load(string modelDir)
    {
        JsonElement? config = ReadObjectIfPresent(Path.Combine(modelDir, ConfigFileName));
        JsonElement? specialMap = ReadObjectIfPresent(Path.Combine(modelDir, SpecialTokensMapFileName));
        string configPath = Path.Combine(modelDir, ConfigFileName);
        string mapPath = Path.Combine(modelDir, SpecialTokensMapFileName);

        string? SpecialToken(string key) =>
            specialMap is { } map && map.TryGetProperty(key, out JsonElement fromMap)
                ? TokenContent(fromMap, mapPath, key)
                : config is { } cfg && cfg.TryGetProperty(key, out JsonElement fromConfig)
                    ? TokenContent(fromConfig, configPath, key)
                    : null;

        string? bos = SpecialToken("bos_token");
        var addedTokens = new Dictionary<string, int>();
        ReadAddedTokensJson(Path.Combine(modelDir, AddedTokensFileName), addedTokens);
        if (config is { } c && c.TryGetProperty("added_tokens_decoder", out JsonElement decoder))
            ReadAddedTokensDecoder(decoder, configPath, addedTokens);

        return new TokenizerConfig(
            TokenizerClass: config is { } cls ? OptionalString(cls, "tokenizer_class", configPath) : null,
            BosToken: bos,
            EosToken: SpecialToken("eos_token"),
            PadToken: SpecialToken("pad_token"),
            UnkToken: SpecialToken("unk_token"),
            // transformers' LlamaTokenizer defaults add_bos_token to true; a tokenizer without a BOS token (Qwen2) adds none.
            AddBosToken: (config is { } b ? OptionalBool(b, "add_bos_token", configPath) : null) ?? bos is not null,
            AddedTokens: addedTokens);
    }

    private static JsonElement? ReadObjectIfPresent(string path)
    {
        if (!File.Exists(path))
            return null;
        JsonElement root = TokenizerJson.ParseFile(path);
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"'{path}' must hold a JSON object, found {root.ValueKind}.");
        return root;
    }

    /// <summary>A special token is written either as a string or as an AddedToken object with "content".</summary>
    private static string? TokenContent(JsonElement value, string path, string key) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Object when value.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String
            => content.GetString(),
        _ => throw new InvalidDataException($"'{path}': \"{key}\" must be a string or an object with a string \"content\", found {value.ValueKind}."),
    };

    private static string? OptionalString(JsonElement obj, string key, string path)
    {
        if (!obj.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidDataException($"'{path}': \"{key}\" must be a string, found {value.ValueKind}.");
    }

    private static bool? OptionalBool(JsonElement obj, string key, string path)
    {
        if (!obj.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidDataException($"'{path}': \"{key}\" must be true or false, found {value.ValueKind}."),
        };
    }

    /// <summary><c>"added_tokens_decoder": {"32000": {"content": "&lt;image&gt;", "special": true, ...}, ...}</c></summary>
    private static void ReadAddedTokensDecoder(JsonElement decoder, string path, Dictionary<string, int> addedTokens)
    {
        if (decoder.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"'{path}': \"added_tokens_decoder\" must be an object keyed by token id, found {decoder.ValueKind}.");
        foreach (JsonProperty entry in decoder.EnumerateObject())
        {
            if (!int.TryParse(entry.Name, out int id) || id < 0)
                throw new InvalidDataException($"'{path}': \"added_tokens_decoder\" key '{entry.Name}' is not a token id.");
            string content = TokenContent(entry.Value, path, $"added_tokens_decoder.{entry.Name}")
                ?? throw new InvalidDataException($"'{path}': \"added_tokens_decoder.{entry.Name}\" has no content.");
            addedTokens[content] = id;
        }
    }

    /// <summary><c>added_tokens.json</c>: <c>{"&lt;image&gt;": 32000}</c>.</summary>
    private static void ReadAddedTokensJson(string path, Dictionary<string, int> addedTokens)
    {
        if (ReadObjectIfPresent(path) is not { } root)
            return;
        foreach (JsonProperty entry in root.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
                throw new InvalidDataException($"'{path}': token '{entry.Name}' must map to a non-negative integer id, found {entry.Value}.");
            addedTokens[entry.Name] = id;
        }
    }
}

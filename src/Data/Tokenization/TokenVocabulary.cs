namespace AsymVLM.Data.Tokenization;

/// <summary>
/// Token-to-id lookup over a model's own vocabulary plus the added tokens of its tokenizer config
/// (added tokens win, as in transformers).
/// </summary>
internal sealed class TokenVocabulary
{
    private readonly IReadOnlyDictionary<string, int> _model;
    private readonly IReadOnlyDictionary<string, int> _added;
    private readonly string _source;

    public TokenVocabulary(IReadOnlyDictionary<string, int> model, IReadOnlyDictionary<string, int> added, string source)
    {
        _model = model;
        _added = added;
        _source = source;
        int maxId = -1;
        foreach (int id in model.Values.Concat(added.Values))
            maxId = Math.Max(maxId, id);
        // Ids run 0..maxId; an embedding table needs maxId + 1 rows even where the numbering has holes.
        Size = maxId + 1;
    }

    public int Size { get; }

    public bool TryGetId(string token, out int id) => _added.TryGetValue(token, out id) || _model.TryGetValue(token, out id);

    public int GetId(string token) =>
        TryGetId(token, out int id)
            ? id
            : throw new KeyNotFoundException($"Token '{token}' is neither an added token nor in the vocabulary of '{_source}'.");

    /// <summary>The id of a configured special token, or <paramref name="fallback"/> when the config names none.</summary>
    public int IdOrFallback(string? configuredToken, int fallback) => configuredToken is null ? fallback : GetId(configuredToken);
}

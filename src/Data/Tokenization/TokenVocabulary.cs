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

    /// <summary>Far above any real vocabulary (256k tokens); keeps <see cref="Size"/> from overflowing.</summary>
    private const int MaxId = 1 << 24;

    public TokenVocabulary(IReadOnlyDictionary<string, int> model, IReadOnlyDictionary<string, int> added, string source)
    {
        _model = model;
        _added = added;
        _source = source;
        int maxId = -1;
        foreach (int id in model.Values.Concat(added.Values))
            maxId = Math.Max(maxId, id);
        if (maxId >= MaxId)
            throw new InvalidDataException($"The tokenizer of '{source}' has token id {maxId}; ids index an embedding table and must stay below {MaxId}.");
        // Ids run 0..maxId; an embedding table needs maxId + 1 rows even where the numbering has holes.
        Size = maxId + 1;
    }

    public int Size { get; }

    public bool TryGetId(string token, out int id) => _added.TryGetValue(token, out id) || _model.TryGetValue(token, out id);

    public int GetId(string token) =>
        TryGetId(token, out int id)
            ? id
            : throw new KeyNotFoundException($"Token '{token}' is neither an added token nor in the vocabulary of '{_source}'.");

    /// <summary>
    /// The id of a configured special token, or <paramref name="fallback"/> when the config names none; a named token
    /// the vocabulary lacks makes the tokenizer files inconsistent.
    /// </summary>
    public int IdOrFallback(string? configuredToken, int fallback) =>
        configuredToken is null ? fallback
        : TryGetId(configuredToken, out int id) ? id
        : throw new InvalidDataException(
            $"The tokenizer config names special token '{configuredToken}', which is neither an added token nor in the vocabulary of '{_source}'.");
}

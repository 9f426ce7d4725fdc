using System.Text.Json;
using Ml = Microsoft.ML.Tokenizers;

namespace AsymVLM.Data.Tokenization;

/// <summary>
/// A GPT-2-style byte-level BPE tokenizer (Qwen2: <c>vocab.json</c> + <c>merges.txt</c>) through
/// Microsoft.ML.Tokenizers' <see cref="Ml.BpeTokenizer"/> in byte-level mode. Added tokens of the tokenizer
/// config (<c>&lt;|im_start|&gt;</c>, <c>&lt;image&gt;</c>, ...) are split out before the regex pre-tokenizer,
/// so they always encode to their single id.
/// </summary>
public sealed class ByteLevelBpeTokenizer : ITokenizer
{
    public const string VocabFileName = "vocab.json";
    public const string MergesFileName = "merges.txt";

    private readonly Ml.BpeTokenizer _model;
    private readonly TokenVocabulary _vocabulary;

    private ByteLevelBpeTokenizer(Ml.BpeTokenizer model, TokenVocabulary vocabulary, int bosId, int eosId, int padId)
    {
        _model = model;
        _vocabulary = vocabulary;
        BosId = bosId;
        EosId = eosId;
        PadId = padId;
    }

    public static ByteLevelBpeTokenizer Load(string vocabFile, string mergesFile, TokenizerConfig config, ByteLevelBpeDialect dialect)
    {
        Dictionary<string, int> vocab = ReadVocab(vocabFile);
        List<string> merges = ReadMerges(mergesFile);
        IReadOnlyDictionary<string, int>? addedTokens = config.AddedTokens.Count > 0 ? config.AddedTokens : null;

        Ml.BpeTokenizer model;
        try
        {
            var options = new Ml.BpeOptions(vocab)
            {
                Merges = merges,
                ByteLevel = true,
                SpecialTokens = addedTokens,
                PreTokenizer = new Ml.RegexPreTokenizer(PreTokenizerPatterns.For(dialect), addedTokens),
                Normalizer = dialect == ByteLevelBpeDialect.Qwen2 ? new NfcNormalizer() : null,
            };
            model = Ml.BpeTokenizer.Create(options);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // The library rejects merges whose parts or result are missing from the vocabulary, and empty or clashing
            // added tokens (the pre-tokenizer splits them out).
            throw new InvalidDataException($"'{mergesFile}' does not fit '{vocabFile}' and the added tokens: {e.Message}", e);
        }

        var vocabulary = new TokenVocabulary(vocab, config.AddedTokens, vocabFile);
        if (config.EosToken is null)
            throw new InvalidDataException(
                $"No eos_token configured for '{vocabFile}': byte-level BPE has no built-in end token, so {TokenizerConfig.ConfigFileName} must name one.");
        int eosId = vocabulary.IdOrFallback(config.EosToken, fallback: -1);
        // Qwen2 defines no BOS token; -1 says so (and TokenizerConfig.AddBosToken is then false).
        int bosId = vocabulary.IdOrFallback(config.BosToken, -1);
        int padId = vocabulary.IdOrFallback(config.PadToken, eosId);
        return new ByteLevelBpeTokenizer(model, vocabulary, bosId, eosId, padId);
    }

    public int VocabSize => _vocabulary.Size;
    public int BosId { get; }
    public int EosId { get; }
    public int PadId { get; }

    public IReadOnlyList<int> Encode(string text) => _model.EncodeToIds(text);

    public string Decode(IEnumerable<int> ids) => _model.Decode(ids, considerSpecialTokens: false);

    public int TokenToId(string token) => _vocabulary.GetId(token);

    /// <summary><c>vocab.json</c>: one JSON object mapping each byte-level token string to its id.</summary>
    private static Dictionary<string, int> ReadVocab(string vocabFile)
    {
        if (!File.Exists(vocabFile))
            throw new FileNotFoundException($"BPE vocabulary '{vocabFile}' does not exist.", vocabFile);
        JsonElement root = TokenizerJson.ParseFile(vocabFile);
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"'{vocabFile}' must be a JSON object mapping tokens to ids, found {root.ValueKind}.");

        var vocab = new Dictionary<string, int>();
        foreach (JsonProperty entry in root.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
                throw new InvalidDataException($"'{vocabFile}': token '{entry.Name}' must map to a non-negative integer id, found {entry.Value}.");
            vocab[entry.Name] = id;
        }
        if (vocab.Count == 0)
            throw new InvalidDataException($"'{vocabFile}' holds no tokens.");
        return vocab;
    }

    /// <summary><c>merges.txt</c>: an optional "#version" header, then one "left right" pair per line, highest priority first.</summary>
    private static List<string> ReadMerges(string mergesFile)
    {
        if (!File.Exists(mergesFile))
            throw new FileNotFoundException($"BPE merges '{mergesFile}' does not exist.", mergesFile);
        var merges = new List<string>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(mergesFile))
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)))
                continue;
            string[] parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new InvalidDataException($"'{mergesFile}' line {lineNumber}: expected two space-separated tokens, found \"{line}\".");
            merges.Add(line);
        }
        return merges;
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;

namespace AsymVLM.Data.Tokenization;

/// <summary>
/// Saves and loads <see cref="BenchmarkTokenizer"/> as a BPE model folder: vocab.json (token to id),
/// merges.txt (header only: the model is merge-free) and tokenizer_config.json.
/// </summary>
internal static class BenchmarkTokenizerFiles
{
    public const string VocabFile = "vocab.json";
    public const string MergesFile = "merges.txt";
    public const string ConfigFile = "tokenizer_config.json";

    private const string MergesHeader = "#version: 0.2";

    // The files are read by tokenizers, not browsers: keep '<', '>' and '\n' readable.
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Save(string directory, BenchmarkTokenizer tokenizer)
    {
        Directory.CreateDirectory(directory);
        var vocabulary = tokenizer.Tokens.Select((token, id) => (token, id)).ToDictionary(p => p.token, p => p.id);
        File.WriteAllText(Path.Combine(directory, VocabFile), JsonSerializer.Serialize(vocabulary, WriteOptions));
        File.WriteAllText(Path.Combine(directory, MergesFile), MergesHeader + "\n");

        var config = new BenchmarkTokenizerConfig
        {
            TokenizerClass = BenchmarkTokenizer.TokenizerClass,
            PadToken = BenchmarkTokenizer.PadToken,
            BosToken = BenchmarkTokenizer.BosToken,
            EosToken = BenchmarkTokenizer.EosToken,
            UnkToken = BenchmarkTokenizer.UnkToken,
            ImageToken = BenchmarkTokenizer.ImageToken,
            AddedTokensDecoder = BenchmarkTokenizer.ControlTokens.Select(t => (t, special: true))
                .Concat(tokenizer.WordTokens.Select(t => (t, special: false)))
                .ToDictionary(
                    p => tokenizer.TokenToId(p.t).ToString(),
                    p => new BenchmarkTokenizerConfig.AddedToken { Content = p.t, Special = p.special }),
        };
        File.WriteAllText(Path.Combine(directory, ConfigFile), JsonSerializer.Serialize(config, WriteOptions));
    }

    public static BenchmarkTokenizer Load(string directory)
    {
        string configPath = Path.Combine(directory, ConfigFile);
        string vocabPath = Path.Combine(directory, VocabFile);
        string mergesPath = Path.Combine(directory, MergesFile);

        BenchmarkTokenizerConfig config = ReadJson<BenchmarkTokenizerConfig>(configPath);
        CheckConfig(configPath, config);
        string[] tokens = ReadTokens(vocabPath);
        CheckMergeFree(mergesPath);
        string[] wordTokens = ReadWordTokens(configPath, config, tokens);

        try
        {
            return new BenchmarkTokenizer(tokens, wordTokens);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{directory}: {VocabFile} and {ConfigFile} do not form a benchmark tokenizer: {e.Message}", e);
        }
    }

    private static T ReadJson<T>(string path) where T : class
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Tokenizer file '{path}' does not exist.", path);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path}: expected a JSON object, found null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: malformed JSON: {e.Message}", e);
        }
    }

    private static void CheckConfig(string path, BenchmarkTokenizerConfig config)
    {
        if (config.TokenizerClass != BenchmarkTokenizer.TokenizerClass)
            throw new InvalidDataException($"{path}: tokenizer_class is '{config.TokenizerClass}', expected '{BenchmarkTokenizer.TokenizerClass}'.");
        (string Key, string? Value, string Expected)[] roles =
        [
            ("pad_token", config.PadToken, BenchmarkTokenizer.PadToken),
            ("bos_token", config.BosToken, BenchmarkTokenizer.BosToken),
            ("eos_token", config.EosToken, BenchmarkTokenizer.EosToken),
            ("unk_token", config.UnkToken, BenchmarkTokenizer.UnkToken),
            ("image_token", config.ImageToken, BenchmarkTokenizer.ImageToken),
        ];
        foreach (var (key, value, expected) in roles)
            if (value != expected)
                throw new InvalidDataException($"{path}: {key} is '{value}', expected '{expected}'.");
    }

    // vocab.json maps token to id; the ids must be exactly 0..N-1 so that they index an embedding table.
    private static string[] ReadTokens(string path)
    {
        Dictionary<string, int> vocabulary = ReadJson<Dictionary<string, int>>(path);
        var tokens = new string?[vocabulary.Count];
        foreach (var (token, id) in vocabulary)
        {
            if (id < 0 || id >= tokens.Length)
                throw new InvalidDataException($"{path}: token '{token}' has id {id}, outside 0..{tokens.Length - 1}.");
            if (tokens[id] is { } other)
                throw new InvalidDataException($"{path}: tokens '{other}' and '{token}' share id {id}.");
            tokens[id] = token;
        }
        return tokens!;
    }

    private static void CheckMergeFree(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Tokenizer file '{path}' does not exist.", path);
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
                throw new InvalidDataException($"{path} line {lineNumber}: the benchmark tokenizer is merge-free, found merge '{line}'.");
        }
    }

    private static string[] ReadWordTokens(string path, BenchmarkTokenizerConfig config, string[] tokens)
    {
        if (config.AddedTokensDecoder is null)
            throw new InvalidDataException($"{path}: missing added_tokens_decoder.");
        var words = new List<(int Id, string Token)>();
        foreach (var (key, added) in config.AddedTokensDecoder)
        {
            if (added?.Content is null)
                throw new InvalidDataException($"{path}: added_tokens_decoder entry '{key}' has no content.");
            if (!int.TryParse(key, out int id) || id < 0 || id >= tokens.Length || tokens[id] != added.Content)
                throw new InvalidDataException($"{path}: added token '{added.Content}' at id '{key}' does not match {VocabFile}.");
            bool isControl = id < BenchmarkTokenizer.ControlTokens.Count;
            if (added.Special != isControl)
                throw new InvalidDataException($"{path}: added token '{added.Content}' must have special = {isControl.ToString().ToLowerInvariant()}.");
            if (!isControl)
                words.Add((id, added.Content));
        }
        return words.OrderBy(w => w.Id).Select(w => w.Token).ToArray();
    }
}

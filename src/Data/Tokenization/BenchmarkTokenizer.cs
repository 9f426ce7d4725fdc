using System.Text.RegularExpressions;
using AsymVLM.Data.Benchmark;
using Microsoft.ML.Tokenizers;

namespace AsymVLM.Data.Tokenization;

/// <summary>
/// The tokenizer of the synthetic benchmark's language. Every uppercase letter, digit, space and
/// ":-.?\n" is one token; every lowercase word of <see cref="QuestionTemplates.Words"/> is one token,
/// both bare ("red", when it starts the text) and with its leading space (" red"). Ids 0..4 are
/// &lt;pad&gt; &lt;s&gt; &lt;/s&gt; &lt;unk&gt; &lt;image&gt;; anything else (other lowercase words) becomes &lt;unk&gt; per character.
/// </summary>
/// <remarks>
/// Built on Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>, but merge-free: BPE could only form a
/// whole word through a vocabulary entry for each of its prefixes (about a hundred extra tokens),
/// which would break the under-128 vocabulary this tiny model wants. Instead a regex pre-tokenizer
/// cuts text into control tokens, (space +) lowercase words and single characters; the words are
/// registered as the library's added tokens, which it matches whole before BPE, and every other piece
/// is one vocabulary character. The library does the pre-tokenizing, lookup, &lt;unk&gt; and decoding.
/// </remarks>
public sealed class BenchmarkTokenizer : ITokenizer
{
    public const string TokenizerClass = "AsymBenchmarkTokenizer";

    public const string PadToken = "<pad>";
    public const string BosToken = "<s>";
    public const string EosToken = "</s>";
    public const string UnkToken = "<unk>";
    public const string ImageToken = "<image>";

    /// <summary>The control tokens, at ids 0..4 in this order; <see cref="Decode"/> drops them.</summary>
    public static IReadOnlyList<string> ControlTokens { get; } = [PadToken, BosToken, EosToken, UnkToken, ImageToken];

    /// <summary>The single-character tokens, after the control tokens in the canonical vocabulary.</summary>
    public const string CharacterTokens = "\n :-.?" + "0123456789" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static readonly Regex WordTokenShape = new("^ ?[a-z]+$");

    private readonly BpeTokenizer _bpe;
    private readonly Dictionary<string, int> _ids;

    /// <param name="tokens">Every token, indexed by id; ids 0..4 must be <see cref="ControlTokens"/>.</param>
    /// <param name="wordTokens">The tokens matched as whole words; each is " "? + lowercase letters.</param>
    internal BenchmarkTokenizer(IReadOnlyList<string> tokens, IReadOnlyList<string> wordTokens)
    {
        for (int id = 0; id < ControlTokens.Count; id++)
            if (tokens.Count <= id || tokens[id] != ControlTokens[id])
                throw new ArgumentException($"Token id {id} must be '{ControlTokens[id]}'.", nameof(tokens));
        _ids = new Dictionary<string, int>(tokens.Count);
        for (int id = 0; id < tokens.Count; id++)
            if (!_ids.TryAdd(tokens[id], id))
                throw new ArgumentException($"Token '{tokens[id]}' appears twice (ids {_ids[tokens[id]]} and {id}).", nameof(tokens));
        foreach (string word in wordTokens)
        {
            if (!WordTokenShape.IsMatch(word))
                throw new ArgumentException($"Word token '{word}' must be lowercase letters with an optional leading space.", nameof(wordTokens));
            if (!_ids.ContainsKey(word))
                throw new ArgumentException($"Word token '{word}' is not in the vocabulary.", nameof(wordTokens));
        }

        Tokens = tokens.ToArray();
        WordTokens = wordTokens.ToArray();
        _bpe = BpeTokenizer.Create(new BpeOptions(_ids)
        {
            PreTokenizer = new RegexPreTokenizer(PieceRegex(), specialTokens: null),
            // Control tokens are not matched in text: a question that contains "</s>" or "<image>" is text, never a
            // control id (HF's split_special_tokens); the prompt format places BOS and image ids itself.
            SpecialTokens = WordTokens.ToDictionary(t => t, t => _ids[t]),
            UnknownToken = UnkToken,
        });
    }

    /// <summary>The canonical vocabulary: control tokens, <see cref="CharacterTokens"/>, then each question word bare and with a leading space.</summary>
    public static BenchmarkTokenizer CreateDefault()
    {
        string[] words = QuestionTemplates.Words.SelectMany(w => new[] { w, " " + w }).ToArray();
        string[] tokens = [.. ControlTokens, .. CharacterTokens.Select(c => c.ToString()), .. words];
        return new BenchmarkTokenizer(tokens, words);
    }

    /// <summary>Reads a tokenizer saved by <see cref="Save"/>; errors name the file at fault.</summary>
    public static BenchmarkTokenizer Load(string directory) => BenchmarkTokenizerFiles.Load(directory);

    /// <summary>Writes vocab.json, merges.txt and tokenizer_config.json into <paramref name="directory"/>.</summary>
    public void Save(string directory) => BenchmarkTokenizerFiles.Save(directory, this);

    /// <summary>Every token, indexed by id.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<string> WordTokens { get; }

    public int VocabSize => Tokens.Count;
    public int PadId => 0;
    public int BosId => 1;
    public int EosId => 2;
    public int UnkId => 3;
    public int ImageId => 4;

    public IReadOnlyList<int> Encode(string text) => _bpe.EncodeToIds(text);

    public string Decode(IEnumerable<int> ids)
    {
        var kept = new List<int>();
        foreach (int id in ids)
        {
            if (id < 0 || id >= VocabSize)
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token id outside the vocabulary of {VocabSize}.");
            if (id >= ControlTokens.Count)
                kept.Add(id);
        }
        // Word tokens are the library's added tokens, which it only writes out when asked to.
        return _bpe.Decode(kept, considerSpecialTokens: true);
    }

    public int TokenToId(string token) =>
        _ids.TryGetValue(token, out int id)
            ? id
            : throw new KeyNotFoundException($"Token '{token}' is not in the benchmark vocabulary.");

    // An optionally space-led lowercase word, else one character ('\n' included).
    private static Regex PieceRegex() => new(" ?[a-z]+|.", RegexOptions.Singleline | RegexOptions.CultureInvariant);
}

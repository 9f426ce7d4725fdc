using Ml = Microsoft.ML.Tokenizers;

namespace AsymVLM.Data.Tokenization;

/// <summary>
/// A SentencePiece <c>tokenizer.model</c> (Llama / Vicuna, BPE or Unigram) through Microsoft.ML.Tokenizers, with the
/// added tokens of the tokenizer config (such as <c>&lt;image&gt;</c>) recognised in the text as single ids.
/// </summary>
public sealed class SentencePieceTokenizer : ITokenizer
{
    public const string ModelFileName = "tokenizer.model";

    private readonly Ml.SentencePieceTokenizer _model;
    private readonly TokenVocabulary _vocabulary;

    private SentencePieceTokenizer(Ml.SentencePieceTokenizer model, TokenVocabulary vocabulary, TokenizerConfig config)
    {
        _model = model;
        _vocabulary = vocabulary;
        BosId = vocabulary.IdOrFallback(config.BosToken, model.BeginningOfSentenceId);
        EosId = vocabulary.IdOrFallback(config.EosToken, model.EndOfSentenceId);
        // No pad token configured: pad with EOS, the usual choice for causal LMs; attention masks hide it anyway.
        PadId = vocabulary.IdOrFallback(config.PadToken, EosId);
    }

    public static SentencePieceTokenizer Load(string modelFile, TokenizerConfig config)
    {
        if (!File.Exists(modelFile))
            throw new FileNotFoundException($"SentencePiece model '{modelFile}' does not exist.", modelFile);

        Ml.SentencePieceTokenizer model;
        using (FileStream stream = File.OpenRead(modelFile))
        {
            try
            {
                model = Ml.SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false,
                    specialTokens: config.AddedTokens.Count > 0 ? config.AddedTokens : null);
            }
            // A damaged protobuf can parse into a model the library's internals then trip over, with any exception type;
            // all of them mean "this file is bad", as with images.
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidDataException($"'{modelFile}' is not a SentencePiece model protobuf: {e.Message}", e);
            }
        }

        // Protobuf parses many foreign files into an empty message; a real model always has pieces.
        if (model.Vocabulary.Count == 0)
            throw new InvalidDataException($"'{modelFile}' is not a SentencePiece model protobuf: it holds no vocabulary pieces.");

        return new SentencePieceTokenizer(model, new TokenVocabulary(model.Vocabulary, config.AddedTokens, modelFile), config);
    }

    public int VocabSize => _vocabulary.Size;
    public int BosId { get; }
    public int EosId { get; }
    public int PadId { get; }

    public IReadOnlyList<int> Encode(string text) =>
        _model.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false);

    public string Decode(IEnumerable<int> ids) => _model.Decode(ids, considerSpecialTokens: false);

    public int TokenToId(string token) => _vocabulary.GetId(token);
}

namespace AsymVLM.Data.Tokenization;

/// <summary>
/// What the runtime needs from a tokenizer. Implementations wrap Microsoft.ML.Tokenizers models
/// (SentencePiece, BPE) loaded from a HuggingFace model directory; see <see cref="TokenizerLoader"/>.
/// </summary>
public interface ITokenizer
{
    int VocabSize { get; }
    int BosId { get; }
    int EosId { get; }
    int PadId { get; }

    /// <summary>Encodes plain text; adds no special tokens.</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>Decodes ids back to text, skipping special tokens.</summary>
    string Decode(IEnumerable<int> ids);

    /// <summary>The id of a special or added token such as "&lt;image&gt;"; throws if absent.</summary>
    int TokenToId(string token);
}

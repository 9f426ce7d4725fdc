using System.Text;
using Ml = Microsoft.ML.Tokenizers;

namespace AsymVLM.Data.Tokenization;

/// <summary>Unicode NFC normalization, the normalizer of Qwen2's tokenizer.json.</summary>
internal sealed class NfcNormalizer : Ml.Normalizer
{
    public override string Normalize(string original) => original.Normalize(NormalizationForm.FormC);

    public override string Normalize(ReadOnlySpan<char> original) => original.ToString().Normalize(NormalizationForm.FormC);
}

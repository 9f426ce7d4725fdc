using TorchSharp;

namespace AsymVLM.Inference.Selection;

/// <summary>Everything a vision selector may look at, for one sample (batch 1).</summary>
/// <param name="VisionTokens">[N, d] projected vision tokens, in the language model's input space.</param>
/// <param name="QuestionEmbeddings">[T, d] the question's token embeddings from the LM embedding table.</param>
/// <param name="EncoderAttention">[N] attention of the vision encoder's CLS token to each patch, or null.</param>
/// <param name="Layout">Where the tokens lie: their views and grids, in patch order (one grid for LLaVA; LLaVA-NeXT's base view and tile map). N == Layout.PatchCount.</param>
/// <param name="AnswerTokens">Evaluation only (the oracle selector): the vision tokens that hold the ground-truth answer, or null where the dataset has no answer regions.</param>
public sealed record SelectionInput(
    torch.Tensor VisionTokens,
    torch.Tensor QuestionEmbeddings,
    torch.Tensor? EncoderAttention,
    VisionLayout Layout,
    IReadOnlyList<long>? AnswerTokens = null)
{
    /// <summary>N, the number of vision tokens.</summary>
    public int TokenCount => checked((int)VisionTokens.shape[0]);
}

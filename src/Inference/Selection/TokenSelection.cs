using TorchSharp;

namespace AsymVLM.Inference.Selection;

/// <summary>The vision tokens a selector keeps.</summary>
/// <param name="Indices">Kept token positions: sorted ascending, distinct, in [0, N).</param>
/// <param name="Replacements">
/// [k, d] embeddings to place at <paramref name="Indices"/> instead of the original tokens (row i goes to
/// Indices[i]); null means the original tokens are used.
/// </param>
public sealed record TokenSelection(long[] Indices, torch.Tensor? Replacements);

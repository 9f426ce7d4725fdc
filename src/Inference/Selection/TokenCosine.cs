using TorchSharp;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Selection;

/// <summary>Cosine similarity between token sets, as the similarity-based selectors use it.</summary>
public static class TokenCosine
{
    /// <summary>[A, d] x [B, d] -> [A, B] cosine similarities, in float32 so half-precision tokens rank alike.</summary>
    public static Tensor Between(Tensor left, Tensor right)
    {
        using var scope = NewDisposeScope();
        var leftUnit = nn.functional.normalize(left.to_type(ScalarType.Float32), p: 2, dim: 1);
        var rightUnit = nn.functional.normalize(right.to_type(ScalarType.Float32), p: 2, dim: 1);
        return leftUnit.matmul(rightUnit.t()).MoveToOuterDisposeScope();
    }
}

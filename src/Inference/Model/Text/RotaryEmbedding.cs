using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Text;

/// <summary>
/// Default RoPE (rotate-half convention). cos/sin are computed once per forward from explicit position
/// ids, so pruned tokens keep their original positions.
/// </summary>
public sealed class RotaryEmbedding(int headDim, double theta)
{
    public (Tensor Cos, Tensor Sin) For(Tensor positions, ScalarType dtype) // positions [B, S] int64
    {
        using var scope = NewDisposeScope();
        var invFreq = 1.0 / pow(theta, arange(0, headDim, 2, dtype: float32, device: positions.device) / headDim); // [Dh/2]
        var freqs = positions.to(float32).unsqueeze(-1) * invFreq;  // [B, S, Dh/2]
        var emb = cat([freqs, freqs], -1).unsqueeze(1);              // [B, 1, S, Dh]
        return (emb.cos().to(dtype).MoveToOuterDisposeScope(), emb.sin().to(dtype).MoveToOuterDisposeScope());
    }

    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin) => x * cos + RotateHalf(x) * sin; // x [B, H, S, Dh]

    static Tensor RotateHalf(Tensor x)
    {
        long half = x.shape[^1] / 2;
        return cat([-x[.., .., .., (int)half..], x[.., .., .., ..(int)half]], -1);
    }
}

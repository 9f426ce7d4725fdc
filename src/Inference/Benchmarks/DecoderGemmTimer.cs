using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Benchmarks;

/// <summary>
/// Times one decoder layer's dense GEMMs (q, k, v, o, gate, up, down, as <c>linear</c> runs them) at a number of token
/// rows, on random weights of the layer's shapes: what the prefill's matrix products alone cost at that length. The
/// ratio of two such times is the speed-up the BLAS allows for that cut in tokens, which is less than the token ratio
/// where fewer rows run at a lower rate.
/// </summary>
public sealed class DecoderGemmTimer : IDisposable
{
    readonly Tensor[] weights;
    readonly Device device;
    readonly ScalarType dtype;

    public DecoderGemmTimer(TextConfig text, Device device, ScalarType dtype)
    {
        long d = text.HiddenSize, ff = text.IntermediateSize;
        long q = text.NumAttentionHeads * text.HeadDim, kv = text.NumKeyValueHeads * text.HeadDim;
        (long Out, long In)[] shapes = [(q, d), (kv, d), (kv, d), (d, q), (ff, d), (ff, d), (d, ff)];
        weights = shapes.Select(s => randn(s.Out, s.In, dtype, device).DetachFromDisposeScope()).ToArray();
        (this.device, this.dtype) = (device, dtype);
    }

    /// <summary>Median seconds of the layer's GEMMs on <paramref name="rows"/> token rows.</summary>
    public double Seconds(int rows, int repeats)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var inputs = weights.Select(w => randn(rows, w.shape[1], dtype, device)).ToArray();
        return MedianTimer.Seconds(() =>
        {
            for (int i = 0; i < weights.Length; i++) nn.functional.linear(inputs[i], weights[i]).Dispose();
            if (device.type == TorchSharp.DeviceType.CUDA) cuda.synchronize(device);
        }, repeats);
    }

    public void Dispose()
    {
        foreach (var w in weights) w.Dispose();
    }
}

using AsymVLM.Inference.Model;

namespace AsymVLM.Inference.Cost;

/// <summary>
/// Analytic FLOPs (2 per multiply-accumulate) of the VLM's parts, from the config alone. Attention
/// counts QK^T and AV over the keys each query actually sees, so pruned and evicted entries save.
/// </summary>
public sealed class FlopCounter(LlavaConfig config)
{
    readonly TextConfig t = config.Text;
    readonly VisionConfig v = config.Vision;

    /// <summary>Vision tower up to the deepest feature layer, plus the projector, for one image.</summary>
    public long VisionEncoder()
    {
        long s = v.SequenceLength, d = v.HiddenSize;
        int layers = config.VisionFeatureLayers.Select(l => l < 0 ? v.NumHiddenLayers + 1 + l : l).Max();
        long patch = 2L * v.NumPatches * d * v.NumChannels * v.PatchSize * v.PatchSize;
        long perLayer = 2 * s * (4 * d * d + 2 * d * v.IntermediateSize) + 2 * 2 * s * s * d;
        long projector = 2L * config.ImageTokenCount * (d * config.VisionFeatureLayers.Length * t.HiddenSize + (long)t.HiddenSize * t.HiddenSize);
        return patch + layers * perLayer + projector;
    }

    /// <summary>One decoder layer's dense work (projections + MLP) for <paramref name="tokens"/> tokens.</summary>
    public long LayerDense(long tokens)
    {
        long d = t.HiddenSize, q = (long)t.NumAttentionHeads * t.HeadDim, kv = (long)t.NumKeyValueHeads * t.HeadDim;
        return 2 * tokens * (d * q + 2 * d * kv + q * d + 3 * d * t.IntermediateSize);
    }

    /// <summary>One decoder layer's attention for queries that see <paramref name="keysSeen"/> keys in total.</summary>
    public long LayerAttention(long keysSeen) => 2L * 2 * t.NumAttentionHeads * t.HeadDim * keysSeen;

    /// <summary>Prefill of <paramref name="tokens"/> causal tokens through every layer, plus the first token's logits.</summary>
    public long Prefill(long tokens) => Prefill(Enumerable.Repeat(tokens, t.NumHiddenLayers).ToArray());

    /// <summary>Prefill where layer l sees <c>tokensPerLayer[l]</c> tokens (FastV drops tokens between layers).</summary>
    public long Prefill(IReadOnlyList<long> tokensPerLayer) =>
        tokensPerLayer.Sum(n => LayerDense(n) + LayerAttention(n * (n + 1) / 2)) + Head();

    /// <summary>One decode step whose new token sees <paramref name="contextPerLayer"/> cached entries (itself included) per layer.</summary>
    public long DecodeStep(IReadOnlyList<long> contextPerLayer) =>
        contextPerLayer.Sum(c => LayerDense(1) + LayerAttention(c)) + Head();

    public long Head() => 2L * t.HiddenSize * t.VocabSize;
}

namespace AsymVLM.Inference.Model.Text;

/// <summary>
/// Asks a forward pass for attention weights at some layers, from the queries in slots
/// [QueryStart, QueryEnd) of this call's input to every key, averaged over heads.
/// Only the chosen layers compute explicit weights; the rest use fused attention.
/// </summary>
public sealed record AttentionCapture(IReadOnlySet<int> Layers, long QueryStart, long QueryEnd)
{
    /// <summary>The full [B, L, L] head-mean attention of a length-L input at each of the layers (what a rollout multiplies).</summary>
    public static AttentionCapture AllQueries(IReadOnlySet<int> layers, long length) => new(layers, 0, length);
}

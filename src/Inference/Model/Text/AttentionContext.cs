using AsymVLM.Inference.Model.Cache;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Text;

/// <summary>What every decoder layer needs besides its hidden states, computed once per forward.</summary>
/// <param name="Positions">[B, S] original positions of this call's tokens</param>
/// <param name="CachePositions">
/// the same positions on the host, for a cached forward (one sequence): the cache keys its entries by them, and the
/// caller knows them without reading the device
/// </param>
public sealed record AttentionContext(
    Tensor Positions,
    Tensor Cos, Tensor Sin,
    KvCache? Cache,
    long[]? CachePositions,
    AttentionCapture? Capture)
{
    /// <summary>Filled by layers named in <see cref="Capture"/>: layer -> [B, Q, S_keys].</summary>
    public Dictionary<int, Tensor> Captured { get; } = new();

    /// <summary>
    /// A lockstep decode step: one context per row of the hidden states (its own cache, capture and captured attention),
    /// all at this context's position, whose cos and sin they share; null for a one-sequence forward.
    /// </summary>
    public IReadOnlyList<AttentionContext>? Rows { get; init; }
}

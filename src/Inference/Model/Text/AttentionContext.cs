using AsymVLM.Inference.Model.Cache;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Text;

/// <summary>What every decoder layer needs besides its hidden states, computed once per forward.</summary>
public sealed record AttentionContext(
    Tensor Positions,   // [B, S] original positions of this call's tokens
    Tensor Cos, Tensor Sin,
    KvCache? Cache,
    AttentionCapture? Capture)
{
    /// <summary>Filled by layers named in <see cref="Capture"/>: layer -> [B, Q, S_keys].</summary>
    public Dictionary<int, Tensor> Captured { get; } = new();
}

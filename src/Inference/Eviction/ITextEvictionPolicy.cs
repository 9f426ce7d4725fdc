using static TorchSharp.torch;

namespace AsymVLM.Inference.Eviction;

/// <summary>
/// Decides which text entries leave the KV cache during decode, on the model's device: it reads nothing back to the host,
/// so a decode step never waits for it. Stateful per request: create a fresh policy for every request; disposing it
/// frees its per-entry state.
/// </summary>
public interface ITextEvictionPolicy : IDisposable
{
    /// <summary>The method's registry name, e.g. "h2o".</summary>
    string Name { get; }

    /// <summary>
    /// Whether the policy's decisions use the attention of each step. One that does not (StreamingLLM, the full cache) is
    /// handed none, and the decode captures no attention for it.
    /// </summary>
    bool ReadsAttention { get; }

    /// <summary>
    /// Called once per decode step, in step order; returns the slots to evict ([N] bool, live slots only). Nothing is
    /// evicted while the live entries fit the budget; after an eviction at most Budget entries are left.
    /// </summary>
    Tensor SelectEvictions(TextEntries entries);
}

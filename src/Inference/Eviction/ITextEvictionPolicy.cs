namespace AsymVLM.Inference.Eviction;

/// <summary>
/// Decides which text entries leave the KV cache during decode. Stateful per request: create a fresh
/// policy for every request.
/// </summary>
public interface ITextEvictionPolicy
{
    /// <summary>The method's registry name, e.g. "h2o".</summary>
    string Name { get; }

    /// <summary>
    /// Whether the policy's decisions use the attention of each step. One that does not (StreamingLLM, the full cache) is
    /// handed zeros, and the decode captures no attention for it.
    /// </summary>
    bool ReadsAttention { get; }

    /// <summary>
    /// Called once per decode step, in step order; returns the ids to evict (a distinct subset of the step's ids). A policy
    /// evicts only at a step whose text entries exceed a bounded budget: the caller may hand over the steps before such a
    /// step late, all at once, so that it reads attention from the device only when a decision is due.
    /// </summary>
    IReadOnlyList<long> SelectEvictions(EvictionStep step);
}

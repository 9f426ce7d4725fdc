namespace AsymVLM.Inference.Eviction;

/// <summary>
/// Decides which text entries leave the KV cache during decode. Stateful per request: create a fresh
/// policy for every request.
/// </summary>
public interface ITextEvictionPolicy
{
    /// <summary>The method's registry name, e.g. "h2o".</summary>
    string Name { get; }

    /// <summary>Called once per decode step; returns the ids to evict (a distinct subset of the step's ids).</summary>
    IReadOnlyList<long> SelectEvictions(EvictionStep step);
}

namespace AsymVLM.Inference.Eviction;

/// <summary>
/// Settings for creating a policy by name; null means the policy's own default. A policy ignores the
/// fields it has no use for (e.g. TOVA has none).
/// </summary>
/// <param name="Sinks">First entries always kept (streamingllm, asym).</param>
/// <param name="Recent">Newest entries always kept (h2o, asym).</param>
/// <param name="Decay">Per-step score decay (asym).</param>
/// <param name="Threshold">Eviction cutoff as a fraction of the mean candidate score (asym).</param>
public sealed record TextEvictionOptions(int? Sinks = null, int? Recent = null, float? Decay = null, float? Threshold = null)
{
    public static readonly TextEvictionOptions Defaults = new();
}

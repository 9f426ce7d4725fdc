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

    public void Validate()
    {
        if (Sinks is < 0) throw new ArgumentOutOfRangeException(nameof(Sinks), Sinks, "text sinks must be >= 0");
        if (Recent is < 0) throw new ArgumentOutOfRangeException(nameof(Recent), Recent, "text recent window must be >= 0");
        if (Decay is { } d && !(d > 0 && d <= 1)) throw new ArgumentOutOfRangeException(nameof(Decay), Decay, "text decay must be in (0, 1]");
        if (Threshold is { } t && !(t >= 0 && float.IsFinite(t))) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "text threshold must be a finite number >= 0");
    }
}

using System.Text.Json.Serialization;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Inference.Engine;

/// <summary>
/// The pruning part of a request as remote callers give it (the server's <c>asymvlm</c> field, the chat client's
/// <c>asymvlm.*</c> additional properties); a setting left out keeps the default's.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)] // a misspelt setting must not fall back to the default
public sealed record PruningSettings
{
    /// <summary>A vision selector name (<see cref="VlmEngine.SelectorNames"/>).</summary>
    public string? Selector { get; init; }
    /// <summary>Share of vision tokens kept, in (0, 1].</summary>
    public double? Keep { get; init; }
    /// <summary>Number of vision tokens kept.</summary>
    public int? KeepCount { get; init; }
    /// <summary>Let the learned selector's budget head choose how many to keep.</summary>
    public bool? Adaptive { get; init; }
    /// <summary>A text eviction policy name (<see cref="VlmEngine.PolicyNames"/>).</summary>
    public string? TextPolicy { get; init; }
    /// <summary>Most text KV entries kept during decode; 0 = unbounded.</summary>
    public int? TextBudget { get; init; }

    /// <exception cref="ArgumentException">more than one of keep, keep count and adaptive is given</exception>
    public RequestOptions ApplyTo(RequestOptions defaults, string source)
    {
        int budgets = (Keep.HasValue ? 1 : 0) + (KeepCount.HasValue ? 1 : 0) + (Adaptive == true ? 1 : 0);
        if (budgets > 1) throw new ArgumentException($"{source}: give only one of keep, keep_count and adaptive.");
        var budget = Keep is { } ratio ? VisionBudget.OfRatio(ratio)
            : KeepCount is { } count ? VisionBudget.OfCount(count)
            : Adaptive == true ? new VisionBudget { Adaptive = true }
            : defaults.Budget;
        return defaults with
        {
            Selector = Selector ?? (Adaptive == true ? "learned" : defaults.Selector),
            Budget = budget,
            TextPolicy = TextPolicy ?? defaults.TextPolicy,
            TextBudget = TextBudget ?? defaults.TextBudget,
        };
    }
}

namespace AsymVLM.Tests.Regression;

/// <summary>
/// Bars of the regression checks. Each is set from a figure measured on a fresh split the checks do not run on
/// (<c>generate-data --seed 60613 --count 500</c>, its four short-answer families: results/vision and results/signals),
/// lowered for the smaller sample the checks measure (the first 25 of each family of the committed test split, where one
/// family's answer moves a four-family figure by 1 point).
/// </summary>
internal static class MeasuredBars
{
    /// <summary>Unpruned documents + charts accuracy: measured 70.5 % (documents 78 %, charts 63 %).</summary>
    public const double UnprunedLocalizedFloor = 0.55;
    /// <summary>Learned at 25 % keep over unpruned, documents + charts: measured 84.4 % (59.5 % vs 70.5 %); the 97 % is not met.</summary>
    public const double RetainedAt25Localized = 0.75;
    /// <summary>
    /// Learned at 11 % keep over each training-free selector, short-answer families: measured 39.8 % vs DivPrune 29.0,
    /// VisionZip-style 22.5, uniform 11.3, random 11.0 %.
    /// </summary>
    public const double MarginAt11 = 0.05;
    /// <summary>The same at 25 % keep: measured 71.0 % vs 49.7 / 47.0 / 21.5 / 18.2 %.</summary>
    public const double MarginAt25 = 0.10;
    /// <summary>Adaptive (rollout budget head) over unpruned: measured 100.6 % (81.0 % with 157 tokens vs 80.5 %).</summary>
    public const double AdaptiveRetainedFloor = 0.90;
    /// <summary>How far below the fixed-budget curve at equal tokens the adaptive budget may fall (sampling noise of 100 samples).</summary>
    public const double AdaptiveTolerance = 0.02;

    /// <summary>Teacher-signal recall of the scorer at 25 % keep: measured 99.2 % held out (results/distill-heldout.md).</summary>
    public const double RecallFloorAt25 = 0.90;
    /// <summary>Recall margin over random, uniform and CLS-attention selection at 11 % keep (held out: 90.8 % vs at most ~41 %).</summary>
    public const double RecallMarginAt11 = 0.30;
    /// <summary>The same at 25 % keep (held out: 99.2 % vs at most ~72 %).</summary>
    public const double RecallMarginAt25 = 0.15;

    /// <summary>Text budget of the eviction checks, under reading's 16-character answers.</summary>
    public const int TextBudget = 12;
    /// <summary>Reading exact match with the temporal-threshold policy at <see cref="TextBudget"/> (results/text-reading).</summary>
    public const double AsymReadingFloor = 0.60;
    /// <summary>Its lead over H2O, StreamingLLM and TOVA at the same budget.</summary>
    public const double AsymMarginOverBaselines = 0.05;
}

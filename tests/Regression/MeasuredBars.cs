namespace AsymVLM.Tests.Regression;

/// <summary>
/// Bars of the regression checks. Each is set from a figure measured on a fresh split the checks do not run on
/// (<c>generate-data --seed 60613 --count 500</c>, its four short-answer families: results/vision and results/signals),
/// lowered for the smaller sample the checks measure (the first 25 of each family of the committed test split, where one
/// family's answer moves a four-family figure by 1 point).
/// </summary>
internal static class MeasuredBars
{
    /// <summary>Unpruned documents + charts accuracy: measured 81.5 % (documents 99 %, charts 64 %).</summary>
    public const double UnprunedLocalizedFloor = 0.70;
    /// <summary>Learned at 25 % keep over unpruned, documents + charts: measured 96.3 % (78.5 % vs 81.5 %); the 97 % is not met on documents (92 %).</summary>
    public const double RetainedAt25Localized = 0.85;
    /// <summary>
    /// Learned at 11 % keep over each training-free selector, short-answer families: measured 59.8 % vs DivPrune 38.8,
    /// VisionZip-style 23.0, uniform 12.2, random 13.8 %. A random-init scorer leads uniform by 13 points on the checks'
    /// samples (it keeps scenes' shapes), so the bar sits above that and under the 21 points the trained head leads DivPrune.
    /// </summary>
    public const double MarginAt11 = 0.15;
    /// <summary>The same at 25 % keep over VisionZip-style, uniform and random: measured 83.5 % vs 48.5 / 23.0 / 20.0 %.</summary>
    public const double MarginAt25 = 0.10;
    /// <summary>Adaptive (rollout budget head) over unpruned: measured 100.3 % (87.5 % with 163 tokens vs 87.2 %).</summary>
    public const double AdaptiveRetainedFloor = 0.90;
    /// <summary>How far below the fixed-budget curve at equal tokens the adaptive budget may fall (sampling noise of 100 samples).</summary>
    public const double AdaptiveTolerance = 0.02;

    /// <summary>Teacher-signal recall of the scorer at 25 % keep: measured 84.1 % held out (results/distill-heldout.md).</summary>
    public const double RecallFloorAt25 = 0.70;
    /// <summary>Recall margin over random, uniform and CLS-attention selection at 11 % keep (held out: 69.9 % vs at most 42.6 %).</summary>
    public const double RecallMarginAt11 = 0.15;
    /// <summary>The same at 25 % keep (held out: 84.1 % vs at most 59.4 %).</summary>
    public const double RecallMarginAt25 = 0.12;

    /// <summary>Text budget of the eviction checks, under reading's 16-character answers plus the question.</summary>
    public const int TextBudget = 14;
    /// <summary>Reading exact match with the temporal-threshold policy at <see cref="TextBudget"/>: measured 80 % (results/text-reading; unpruned 93 %).</summary>
    public const double AsymReadingFloor = 0.65;
    /// <summary>Its lead over TOVA (measured 80 vs 56 %) and StreamingLLM (0 %) at the same budget.</summary>
    public const double AsymMarginOverRecencyAndTova = 0.10;
    /// <summary>
    /// How far it may fall behind H2O at the same budget: measured a point ahead (80 vs 79 %), and the two trade the lead
    /// at budgets 8-16 on this model, so the check only holds it level within the noise of 25 samples.
    /// </summary>
    public const double AsymToleranceBehindH2O = 0.08;
}

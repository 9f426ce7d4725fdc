namespace AsymVLM.Tests.Regression;

/// <summary>
/// Bars of the regression checks. Each is set from a figure measured on a fresh split the checks do not run on
/// (<c>generate-data --seed 60613 --count 500</c>, its four short-answer families: results/vision and results/signals),
/// lowered for the smaller sample the checks measure (the first 25 of each family of the committed test split, where one
/// family's answer moves a four-family figure by 1 point).
/// </summary>
internal static class MeasuredBars
{
    /// <summary>Unpruned documents + charts accuracy: measured 81.5 % (documents 100 %, charts 63 %).</summary>
    public const double UnprunedLocalizedFloor = 0.70;
    /// <summary>Learned at 25 % keep over unpruned, documents + charts: measured 97.5 % (79.5 % vs 81.5 %; documents 97 %, charts 98 % of unpruned).</summary>
    public const double RetainedAt25Localized = 0.85;
    /// <summary>
    /// Learned at 11 % keep over each training-free selector, short-answer families: measured 71.0 % vs DivPrune 38.2,
    /// VisionZip-style 30.0, uniform 13.2, random 13.2 %. A random-init scorer leads uniform by 13 points on the checks'
    /// samples (it keeps scenes' shapes), so the bar sits above that and under the 33 points the trained head leads DivPrune.
    /// </summary>
    public const double MarginAt11 = 0.15;
    /// <summary>The same at 25 % keep over VisionZip-style, uniform and random: measured 87.2 % vs 59.2 / 24.8 / 21.5 %.</summary>
    public const double MarginAt25 = 0.10;
    /// <summary>Adaptive (rollout budget head) over unpruned: measured 99.1 % (89.0 % with 168 tokens vs 89.8 %).</summary>
    public const double AdaptiveRetainedFloor = 0.90;
    /// <summary>How far below the fixed-budget curve at equal tokens the adaptive budget may fall (sampling noise of 100 samples).</summary>
    public const double AdaptiveTolerance = 0.02;

    /// <summary>Teacher-signal recall of the scorer at 25 % keep: measured 84.8 % held out (results/distill-heldout.md).</summary>
    public const double RecallFloorAt25 = 0.70;
    /// <summary>Recall margin over random, uniform and CLS-attention selection at 11 % keep (held out: 72.1 % vs at most 49.2 %).</summary>
    public const double RecallMarginAt11 = 0.15;
    /// <summary>The same at 25 % keep (held out: 84.8 % vs at most 70.1 %).</summary>
    public const double RecallMarginAt25 = 0.12;

    /// <summary>
    /// Text budget of the eviction checks: half of reading's 16-character answers. (At 14, where the checks ran on the model
    /// shipped before, this model's TOVA reads 83 % on the fresh split and 96 % on the checks' samples: too close to tell.)
    /// </summary>
    public const int TextBudget = 8;
    /// <summary>Reading exact match with the temporal-threshold policy at <see cref="TextBudget"/>: measured 95 % (results/text-reading; unpruned 100 %).</summary>
    public const double AsymReadingFloor = 0.80;
    /// <summary>Its lead over TOVA (measured 95 vs 36 %) and StreamingLLM (0 %) at the same budget.</summary>
    public const double AsymMarginOverRecencyAndTova = 0.10;
    /// <summary>
    /// How far it may fall behind H2O at the same budget: measured 19 points ahead (95 vs 76 %); the two traded the lead
    /// within 5 points on the model shipped before, so the check only holds it level within the noise of 25 samples.
    /// </summary>
    public const double AsymToleranceBehindH2O = 0.08;
}

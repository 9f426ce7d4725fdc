namespace AsymVLM.Tests.Regression;

/// <summary>
/// Bars of the regression checks. Each is set from a figure measured on a fresh split the checks do not run on
/// (<c>generate-data --seed 60613 --count 500</c>, its four short-answer families: results/vision and results/signals),
/// lowered for the smaller sample the checks measure (the first 25 of each family of the committed test split, where one
/// family's answer moves a four-family figure by 1 point).
/// </summary>
internal static class MeasuredBars
{
    /// <summary>
    /// Unpruned documents + charts accuracy: measured 99.0 % (documents 100 %, charts 98 %). At 0.90 the check also
    /// catches charts falling back to where v8 read them (63 %, 81.5 % with documents).
    /// </summary>
    public const double UnprunedLocalizedFloor = 0.90;
    /// <summary>Learned at 25 % keep over unpruned, documents + charts: measured 99.5 % (98.5 % vs 99.0 %; documents 98 %, charts 101 % of unpruned).</summary>
    public const double RetainedAt25Localized = 0.95;
    /// <summary>
    /// Learned at 11 % keep over each training-free selector, short-answer families: measured 83.8 % vs DivPrune 46.2,
    /// VisionZip-style 45.2, uniform 14.8, random 14.0 %. A random-init scorer leads uniform by 13 points on the checks'
    /// samples with v8 (it keeps scenes' shapes), so the bar sits above that and under the 38 points the trained head leads DivPrune.
    /// </summary>
    public const double MarginAt11 = 0.15;
    /// <summary>The same at 25 % keep over VisionZip-style, uniform and random: measured 97.8 % vs 80.8 / 27.3 / 21.0 %.</summary>
    public const double MarginAt25 = 0.10;
    /// <summary>Adaptive (the mass budget head) over unpruned: measured 98.7 % (97.5 % with 77 tokens vs 98.8 %).</summary>
    public const double AdaptiveRetainedFloor = 0.90;
    /// <summary>How far below the fixed-budget curve at equal tokens the adaptive budget may fall (sampling noise of 100 samples).</summary>
    public const double AdaptiveTolerance = 0.02;

    /// <summary>Teacher-signal recall of the scorer at 25 % keep: measured 84.8 % held out (results/distill-heldout.md).</summary>
    public const double RecallFloorAt25 = 0.70;
    /// <summary>Recall margin over random, uniform and CLS-attention selection at 11 % keep (held out: 73.4 % vs at most 57.0 %).</summary>
    public const double RecallMarginAt11 = 0.15;
    /// <summary>The same at 25 % keep over random and uniform (held out: 84.8 % vs at most 25.7 %).</summary>
    public const double RecallMarginAt25 = 0.12;
    /// <summary>
    /// At 25 % keep over CLS attention the head need only not fall behind (held out: 84.8 vs 82.4 %). v24's tower ranks
    /// the text-bearing cells well with no question, and a quarter of the image holds most of them, so the question-aware
    /// head's lead shows at 11 % (16 points), not at 25 %. With v8 it led by 15 points there; the head did not get weaker
    /// (84.8 % both times), the baseline got stronger.
    /// </summary>
    public const double RecallMarginOverClsAt25 = 0.0;

    /// <summary>
    /// Text budget of the eviction checks: half of reading's 16-character answers. (At 14, where the checks ran on an
    /// earlier model, TOVA came within 4 points of asym on the checks' samples: too close to tell.)
    /// </summary>
    public const int TextBudget = 8;
    /// <summary>
    /// Reading exact match with the temporal-threshold policy at <see cref="TextBudget"/>: measured 100 %
    /// (results/text-reading; unpruned 100 %). At 0.90 the check catches the sinks falling back to 4 (72 % on the checks'
    /// samples).
    /// </summary>
    public const double AsymReadingFloor = 0.90;
    /// <summary>Its lead over TOVA (measured 100 vs 5 %) and StreamingLLM (0 %) at the same budget.</summary>
    public const double AsymMarginOverRecencyAndTova = 0.10;
    /// <summary>
    /// How far it may fall behind H2O at the same budget: measured 52 points ahead (100 vs 48 %; with v8, 19); the two
    /// traded the lead within 5 points on v7, so the check only holds it level within the noise
    /// of 25 samples.
    /// </summary>
    public const double AsymToleranceBehindH2O = 0.08;
}

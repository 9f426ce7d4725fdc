namespace AsymVLM.Tests.Regression;

/// <summary>
/// Bars of the accuracy regression checks, each set from a figure measured on the shipped checkpoints over the
/// first 25 test samples of each family (the samples the checks run on; the README's tables use all 400).
/// </summary>
internal static class MeasuredBars
{
    /// <summary>Unpruned documents + charts accuracy: measured 62 % (documents 60 %, charts 64 %).</summary>
    public const double UnprunedLocalizedFloor = 0.50;
    /// <summary>Unpruned accuracy over all families: measured 78 %.</summary>
    public const double UnprunedOverallFloor = 0.70;
    /// <summary>
    /// Learned at 25 % keep over unpruned, documents + charts: measured 90 % (56 % vs 62 %). The bar is 97 %:
    /// not met (README).
    /// </summary>
    public const double RetainedAt25Localized = 0.80;
    /// <summary>Learned at 11 % keep over each question-agnostic selector, all families: measured 38 % vs 25 / 15 / 15 %
    /// (VisionZip-style, uniform, random).</summary>
    public const double MarginAt11 = 0.08;
    /// <summary>The same at 50 % keep: measured 76 % vs 63 / 36 / 29 %.</summary>
    public const double MarginAt50 = 0.08;

    /// <summary>Text budget of the eviction checks, under reading's 16-character answers.</summary>
    public const int TextBudget = 12;
    /// <summary>Reading exact match with the temporal-threshold policy at <see cref="TextBudget"/>: measured 80 % (unpruned 92 %).</summary>
    public const double AsymReadingFloor = 0.60;
    /// <summary>Its lead over H2O, StreamingLLM and TOVA at the same budget: measured 80 % vs 24 / 0 / 68 %.</summary>
    public const double AsymMarginOverBaselines = 0.05;
}

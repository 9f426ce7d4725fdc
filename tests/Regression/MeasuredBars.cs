namespace AsymVLM.Tests.Regression;

/// <summary>
/// Bars of the accuracy regression checks, each set from a figure measured on the shipped checkpoints over the
/// first 25 test samples of each family (README, results/vision: the same samples).
/// </summary>
internal static class MeasuredBars
{
    /// <summary>Unpruned documents + charts accuracy: measured 54 % (documents 92 %, charts 16 %).</summary>
    public const double UnprunedLocalizedFloor = 0.45;
    /// <summary>Unpruned accuracy over all families: measured 75 %.</summary>
    public const double UnprunedOverallFloor = 0.65;
    /// <summary>
    /// Learned at 25 % keep over unpruned, documents + charts: measured 37 % (20 % vs 54 %). The bar is 97 %:
    /// not met, because the reference VLM breaks when any vision tokens are removed (README, Status).
    /// </summary>
    public const double RetainedAt25Localized = 0.30;
    /// <summary>Learned at 11 % keep over each question-agnostic selector, all families: measured 19 % vs 18 / 15 / 15 %
    /// (VisionZip-style, uniform, random): a tie with VisionZip-style is what holds.</summary>
    public const double MarginAt11 = 0.0;
    /// <summary>The same at 50 % keep: measured 43 % vs 33 / 18 / 25 %.</summary>
    public const double MarginAt50 = 0.05;
}

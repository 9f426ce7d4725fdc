namespace AsymVLM.Tests.Regression;

/// <summary>
/// Bars of the regression checks. Each is set from a figure measured on a fresh split the checks do not run on
/// (<c>generate-data --seed 60613 --count 500</c>, results/fresh-60613 in the README), lowered by a margin for the
/// smaller sample the checks measure (the first 25 of each family of the committed test split).
/// </summary>
internal static class MeasuredBars
{
    /// <summary>Unpruned documents + charts accuracy.</summary>
    public const double UnprunedLocalizedFloor = 0.50;
    /// <summary>Learned at 25 % keep over unpruned, documents + charts.</summary>
    public const double RetainedAt25Localized = 0.80;
    /// <summary>Learned at 11 % keep over each training-free selector, short-answer families.</summary>
    public const double MarginAt11 = 0.08;
    /// <summary>The same at 25 % keep.</summary>
    public const double MarginAt25 = 0.08;
    /// <summary>Adaptive accuracy over unpruned accuracy.</summary>
    public const double AdaptiveRetainedFloor = 0.80;

    /// <summary>Teacher-signal recall of the scorer at 25 % keep.</summary>
    public const double RecallFloorAt25 = 0.90;
    /// <summary>Recall margin over random, uniform and CLS-attention selection at 11 % keep.</summary>
    public const double RecallMarginAt11 = 0.30;
    /// <summary>The same at 25 % keep.</summary>
    public const double RecallMarginAt25 = 0.15;

    /// <summary>Text budget of the eviction checks, under reading's 16-character answers.</summary>
    public const int TextBudget = 12;
    /// <summary>Reading exact match with the temporal-threshold policy at <see cref="TextBudget"/>.</summary>
    public const double AsymReadingFloor = 0.60;
    /// <summary>Its lead over H2O, StreamingLLM and TOVA at the same budget.</summary>
    public const double AsymMarginOverBaselines = 0.05;
}

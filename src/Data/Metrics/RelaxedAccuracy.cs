using System.Globalization;

namespace AsymVLM.Data.Metrics;

/// <summary>
/// ChartQA's relaxed accuracy (Methani et al.; pix2struct's <c>relaxed_correctness</c>): when both answers parse as
/// numbers ("12.5", "40%" = 0.4) and the reference is non-zero, correct if |pred - ref| / |ref| &lt;= 5%;
/// otherwise a case-insensitive exact match. Answers are trimmed; the best reference counts.
/// </summary>
public sealed class RelaxedAccuracy(double maxRelativeChange = 0.05) : IAnswerMetric
{
    public double MaxRelativeChange { get; } = maxRelativeChange;

    public string Name => "relaxed_accuracy";

    public double Score(string prediction, IReadOnlyList<string> references) =>
        references.Any(reference => IsCorrect(prediction.Trim(), reference.Trim())) ? 1.0 : 0.0;

    private bool IsCorrect(string prediction, string reference)
    {
        // A zero reference has no relative tolerance, so it falls through to string comparison (as the original does).
        if (ToNumber(prediction) is double predicted && ToNumber(reference) is double target && target != 0)
            return Math.Abs(predicted - target) / Math.Abs(target) <= MaxRelativeChange;
        return string.Equals(prediction, reference, StringComparison.OrdinalIgnoreCase);
    }

    private static double? ToNumber(string text)
    {
        bool percent = text.EndsWith('%');
        string digits = percent ? text.TrimEnd('%') : text;
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            return null;
        return percent ? value / 100.0 : value;
    }
}

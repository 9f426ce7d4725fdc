namespace AsymVLM.Data.Metrics;

/// <summary>1 if the trimmed prediction equals any trimmed reference ignoring case, else 0.</summary>
public sealed class ExactMatch : IAnswerMetric
{
    public string Name => "exact_match";

    public double Score(string prediction, IReadOnlyList<string> references) =>
        references.Any(r => string.Equals(r.Trim(), prediction.Trim(), StringComparison.OrdinalIgnoreCase)) ? 1.0 : 0.0;
}

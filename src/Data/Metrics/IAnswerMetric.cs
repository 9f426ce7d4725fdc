namespace AsymVLM.Data.Metrics;

/// <summary>Scores one predicted answer against an item's reference answers, in [0, 1].</summary>
public interface IAnswerMetric
{
    string Name { get; }

    /// <summary>0 when there are no references.</summary>
    double Score(string prediction, IReadOnlyList<string> references);
}

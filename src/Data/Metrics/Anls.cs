namespace AsymVLM.Data.Metrics;

/// <summary>
/// Average Normalized Levenshtein Similarity (DocVQA): per reference, NL = edit distance / longer length after
/// lowercasing and trimming; the item scores 1 - min NL, set to 0 when below the threshold (0.5), as the
/// official RRC evaluation does (so NL = 0.5 exactly still scores 0.5).
/// </summary>
public sealed class Anls(double threshold = 0.5) : IAnswerMetric
{
    public double Threshold { get; } = threshold;

    public string Name => "anls";

    public double Score(string prediction, IReadOnlyList<string> references)
    {
        if (references.Count == 0)
            return 0.0;
        string predicted = prediction.Trim().ToLowerInvariant();
        double best = references.Max(reference => 1.0 - NormalizedDistance(reference.Trim().ToLowerInvariant(), predicted));
        return best < Threshold ? 0.0 : best;
    }

    private static double NormalizedDistance(string reference, string prediction)
    {
        int length = Math.Max(reference.Length, prediction.Length);
        return length == 0 ? 0.0 : (double)Levenshtein.Distance(reference, prediction) / length;
    }
}

namespace AsymVLM.Data.Metrics;

/// <summary>
/// VQA accuracy (VQAv2 / TextVQA): with n human answers, the mean over the n leave-one-out subsets of
/// min(1, #answers in the subset equal to the prediction / 3), all answers normalized by
/// <see cref="VqaAnswerNormalizer"/>. With the usual 10 answers, 3 matching humans give 0.9, 4 or more give 1.
/// As in TextVQA's evaluator, a prediction scoring 0 that equals a raw reference verbatim still scores 1.
/// </summary>
public sealed class VqaAccuracy : IAnswerMetric
{
    public string Name => "vqa_accuracy";

    public double Score(string prediction, IReadOnlyList<string> references)
    {
        if (references.Count == 0)
            return 0.0;
        string predicted = VqaAnswerNormalizer.Normalize(prediction);
        int matching = references.Count(r => VqaAnswerNormalizer.Normalize(r) == predicted);

        // Leaving out a matching answer leaves matching - 1 others; leaving out any other leaves matching.
        double total = matching * Math.Min(1.0, (matching - 1) / 3.0) + (references.Count - matching) * Math.Min(1.0, matching / 3.0);
        double score = total / references.Count;
        return score == 0.0 && references.Contains(predicted) ? 1.0 : score;
    }
}

namespace AsymVLM.Data.Metrics;

/// <summary>
/// Character-level credit for long answers: 1 - edit distance / longer length against the closest reference (trimmed,
/// case-sensitive), with no threshold, so a transcription with one wrong glyph in a hundred scores 0.99 where exact
/// match gives 0.
/// </summary>
public sealed class EditSimilarity : IAnswerMetric
{
    public string Name => "edit_similarity";

    public double Score(string prediction, IReadOnlyList<string> references)
    {
        string predicted = prediction.Trim();
        return references.Count == 0 ? 0.0 : references.Max(r =>
        {
            string reference = r.Trim();
            int length = Math.Max(reference.Length, predicted.Length);
            return length == 0 ? 1.0 : 1.0 - (double)Levenshtein.Distance(reference, predicted) / length;
        });
    }
}

using AsymVLM.Inference.Scoring;

namespace AsymVLM.Inference.Selection;

/// <summary>
/// Diagnosis only: keeps the tokens of the ground-truth answer regions first, then fills the budget with the
/// learned ranking (uniform over the grid without a scorer). Its accuracy bounds what perfect answer
/// localisation buys at a budget, and the gap to it says how much the answer also needs from elsewhere.
/// </summary>
public sealed class OracleSelector(ImportanceHead? head) : VisionSelector
{
    public const string MethodName = "oracle";

    public override string Name => MethodName;

    protected override TokenSelection SelectTokens(SelectionInput input, int keep)
    {
        var answer = input.AnswerTokens ?? throw new ArgumentException(
            $"Vision selector '{Name}' needs the ground-truth answer regions (the 'regions' of a benchmark folder's manifest.jsonl); this input has none.",
            nameof(input));
        var region = answer.Where(i => i >= 0 && i < input.TokenCount).ToHashSet();
        var scores = head is null ? null : new LearnedSelector(head).Score(input).Scores;
        var kept = Ranked(region, scores, keep).ToHashSet();
        if (kept.Count < keep)
            kept.UnionWith(Fill(input, region, scores, keep - kept.Count));
        var indices = kept.ToArray();
        Array.Sort(indices);
        return new TokenSelection(indices, null);
    }

    /// <summary>Up to <paramref name="count"/> of the given tokens: the best-scored ones, or evenly spaced in raster order without scores.</summary>
    static IEnumerable<long> Ranked(IReadOnlyCollection<long> tokens, float[]? scores, int count)
    {
        var ordered = tokens.Order().ToArray();
        if (scores is not null)
            return ordered.OrderByDescending(i => scores[i]).Take(count);
        return ordered.Length <= count ? ordered : Enumerable.Range(0, count).Select(i => ordered[(long)i * ordered.Length / count]);
    }

    /// <summary>
    /// <paramref name="count"/> tokens outside the region: the learned ranking's best, or the uniform grid's cells
    /// (grown until enough of them fall outside the region).
    /// </summary>
    static IEnumerable<long> Fill(SelectionInput input, HashSet<long> region, float[]? scores, int count)
    {
        if (scores is not null)
            return Enumerable.Range(0, input.TokenCount).Select(i => (long)i).Where(i => !region.Contains(i))
                .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(count);
        var uniform = new UniformGridSelector();
        for (int k = count; ; k++)
        {
            var outside = uniform.Select(input, Math.Min(k, input.TokenCount)).Indices.Where(i => !region.Contains(i)).ToArray();
            if (outside.Length >= count) return Ranked(outside, null, count);
        }
    }
}

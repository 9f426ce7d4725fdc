namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// Aggregates outcomes per configuration and family (plus "overall"): accuracy with a bootstrap CI, accuracy
/// retained and prefill speed-up against the unpruned configuration of the same run, mean cost.
/// </summary>
public static class ResultTable
{
    public const string Overall = "overall";

    public static List<ResultRow> Build(IReadOnlyList<SampleOutcome> outcomes, int resamples, int seed)
    {
        var groups = outcomes.GroupBy(o => o.Sample.Family).Select(g => (Family: g.Key, Items: g.ToList()))
            .Append((Family: Overall, Items: outcomes.ToList())).ToList();
        var rows = new List<ResultRow>();
        foreach (var (family, items) in groups)
        {
            var baseline = items.Where(o => o.Configuration == EvalConfiguration.Unpruned).ToList();
            double baseAccuracy = baseline.Count > 0 ? baseline.Average(o => o.Score) : double.NaN;
            double basePrefillMs = baseline.Count > 0 ? baseline.Average(o => o.Stats.PrefillMs) : double.NaN;
            foreach (var byConfig in items.GroupBy(o => o.Configuration))
            {
                var c = byConfig.Key;
                var scores = byConfig.Select(o => o.Score).ToList();
                var (low, high) = Bootstrap.MeanInterval(scores, resamples, seed);
                double accuracy = scores.Average(), prefillMs = byConfig.Average(o => o.Stats.PrefillMs);
                double total = byConfig.Average(o => (double)o.Stats.TotalFlops), unpruned = byConfig.Average(o => (double)o.Stats.UnprunedTotalFlops);
                rows.Add(new ResultRow(c.Selector, c.KeepLabel, c.TextPolicy, c.TextBudget, family, scores.Count,
                    accuracy, low, high, baseAccuracy > 0 ? accuracy / baseAccuracy : double.NaN,
                    byConfig.Average(o => o.Stats.VisionTokensKept), byConfig.Average(o => (double)o.Stats.PrefillFlops),
                    byConfig.Average(o => (double)o.Stats.DecodeFlops), total, 1 - total / unpruned,
                    prefillMs, basePrefillMs / prefillMs, byConfig.Average(o => (double)o.Stats.PeakKvBytes),
                    byConfig.Average(o => o.Similarity)));
            }
        }
        return rows;
    }
}

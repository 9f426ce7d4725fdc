namespace AsymVLM.Inference.Evaluation;

/// <summary>One point of the sweep. Keep is a ratio of the vision tokens; null with Adaptive for the budget head.</summary>
public sealed record EvalConfiguration(string Selector, double Keep, bool Adaptive, string TextPolicy, int TextBudget)
{
    public static readonly EvalConfiguration Unpruned = new("none", 1.0, false, "none", 0);

    public string KeepLabel => Adaptive ? "adaptive" : Keep.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
    public string Label => $"{Selector}@{KeepLabel} / {TextPolicy}@{(TextBudget == 0 ? "all" : TextBudget.ToString())}";

    /// <summary>
    /// Every combination of the lists, without duplicates that cannot differ (selector none only at keep 1 and
    /// keep 1 only with none; text policy none only at budget 0 and budget 0 only with none), the unpruned
    /// configuration first.
    /// </summary>
    public static IReadOnlyList<EvalConfiguration> Expand(IEnumerable<string> selectors, IEnumerable<double> keeps,
        IEnumerable<string> policies, IEnumerable<int> budgets, bool adaptive)
    {
        var vision = selectors.SelectMany(s => s == "none" ? [(s, 1.0, false)]
                : keeps.Where(k => k < 1).Select(k => (s, k, false)))
            .Concat(adaptive ? [("learned", 1.0, true)] : []).Distinct().ToList();
        var text = policies.SelectMany(p => p == "none" ? [(p, 0)] : budgets.Where(b => b > 0).Select(b => (p, b))).Distinct().ToList();
        var all = vision.SelectMany(v => text.Select(t => new EvalConfiguration(v.Item1, v.Item2, v.Item3, t.Item1, t.Item2)));
        return all.Prepend(Unpruned).Distinct().ToList();
    }
}

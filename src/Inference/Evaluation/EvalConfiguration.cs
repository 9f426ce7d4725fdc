using System.Globalization;

namespace AsymVLM.Inference.Evaluation;

/// <summary>One point of the sweep. Keep is a ratio of the vision tokens; with Adaptive the budget head decides instead.</summary>
public sealed record EvalConfiguration(string Selector, double Keep, bool Adaptive, string TextPolicy, int TextBudget)
{
    public static readonly EvalConfiguration Unpruned = new("none", 1.0, false, "none", 0);

    public string KeepLabel => Adaptive ? "adaptive" : Keep.ToString("0.##", CultureInfo.InvariantCulture);
    public string Label => $"{Selector}@{KeepLabel} / {TextPolicy}@{(TextBudget == 0 ? "all" : TextBudget.ToString(CultureInfo.InvariantCulture))}";

    /// <summary>
    /// Every combination of the lists without duplicates that cannot differ, the unpruned configuration first.
    /// Keep 1 prunes nothing whatever the selector, and budget 0 evicts nothing whatever the policy, so both
    /// collapse to "none"; selector none runs only at keep 1 and policy none only at budget 0.
    /// <paramref name="adaptive"/> adds the learned selector with the budget head's per-sample budget.
    /// </summary>
    public static IReadOnlyList<EvalConfiguration> Expand(IEnumerable<string> selectors, IEnumerable<double> keeps,
        IEnumerable<string> policies, IEnumerable<int> budgets, bool adaptive)
    {
        var keepList = keeps.ToList();
        var budgetList = budgets.ToList();
        foreach (double k in keepList)
            if (!(k > 0 && k <= 1)) throw new ArgumentOutOfRangeException(nameof(keeps), k, "--keep ratios must be in (0, 1].");
        foreach (int b in budgetList)
            if (b < 0) throw new ArgumentOutOfRangeException(nameof(budgets), b, "--text-budgets must be >= 0 (0 = keep every entry).");

        var vision = selectors.SelectMany(s => s == "none"
                ? [(s, 1.0, false)]
                : keepList.Select(k => k == 1 ? (Selector: "none", Keep: 1.0, Adaptive: false) : (Selector: s, Keep: k, Adaptive: false)))
            .Concat(adaptive ? [("learned", 1.0, true)] : []).Distinct().ToList();
        var text = policies.SelectMany(p => p == "none"
                ? [(p, 0)]
                : budgetList.Select(b => b == 0 ? (Policy: "none", Budget: 0) : (Policy: p, Budget: b)))
            .Distinct().ToList();
        var all = vision.SelectMany(v => text.Select(t => new EvalConfiguration(v.Selector, v.Keep, v.Adaptive, t.Policy, t.Budget)));
        return all.Prepend(Unpruned).Distinct().ToList();
    }
}

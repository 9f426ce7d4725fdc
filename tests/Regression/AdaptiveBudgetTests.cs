using AsymVLM.Inference.Pipeline;
using static AsymVLM.Tests.Regression.ShippedCheckpoints;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// The budget head's per-sample budget against fixed budgets on the committed test split, at equal tokens: its accuracy
/// must be at least that of the fixed-budget curve (interpolated between measured keep ratios) at the same mean number
/// of kept vision tokens, less a sampling tolerance, and at least a floor share of unpruned accuracy, so that a budget wired to keep almost nothing
/// (cheap and inaccurate, on the curve's low end) cannot pass. The random-init scorer and a budget clamped
/// to one token fail.
/// </summary>
[Category("Regression")]
public class AdaptiveBudgetTests
{
    static readonly double[] FixedRatios = [0.05, 0.11, 0.25, 0.5];

    static Verdict AdaptiveAtEqualTokens(ScorerKind kind, VisionBudget adaptive)
    {
        var c = For(kind);
        var a = c.Measure("learned", adaptive, ShortAnswerFamilies);
        var curve = FixedRatios.Select(r => c.Measure("learned", VisionBudget.OfRatio(r), ShortAnswerFamilies))
            .Append(c.Measure("none", VisionBudget.All, ShortAnswerFamilies)).ToList();
        double fixedAtSameTokens = AccuracyAt(a.KeptTokens, curve), unpruned = curve[^1].Accuracy;
        return new Verdict(a.Accuracy >= fixedAtSameTokens - MeasuredBars.AdaptiveTolerance && a.Accuracy >= MeasuredBars.AdaptiveRetainedFloor * unpruned,
            $"adaptive: {a.Accuracy:P1} with {a.KeptTokens:F1} tokens; fixed at those tokens {fixedAtSameTokens:P1}; unpruned {unpruned:P1}; " +
            "fixed budgets: " + string.Join(", ", curve.Select(m => $"{m.KeptTokens:F0} -> {m.Accuracy:P1}")));
    }

    // The fixed-budget curve's accuracy at a token count, linear between measured points (flat past either end).
    static double AccuracyAt(double tokens, IReadOnlyList<Measured> curve)
    {
        if (tokens <= curve[0].KeptTokens) return curve[0].Accuracy;
        for (int i = 1; i < curve.Count; i++)
            if (tokens <= curve[i].KeptTokens)
            {
                var (lo, hi) = (curve[i - 1], curve[i]);
                return lo.Accuracy + (tokens - lo.KeptTokens) / (hi.KeptTokens - lo.KeptTokens) * (hi.Accuracy - lo.Accuracy);
            }
        return curve[^1].Accuracy;
    }

    [Test]
    public void AdaptiveIsAtLeastAsAccurateAsAFixedBudgetOfEqualTokens() =>
        Verdict.RequireHolds(AdaptiveAtEqualTokens(ScorerKind.Shipped, new VisionBudget { Adaptive = true }));

    [Test]
    public void RandomInitBudgetHeadIsNot() =>
        Verdict.RequireFails(AdaptiveAtEqualTokens(ScorerKind.RandomInit, new VisionBudget { Adaptive = true }));

    [Test]
    public void ABudgetClampedToOneTokenIsNot() =>
        Verdict.RequireFails(AdaptiveAtEqualTokens(ScorerKind.Shipped, new VisionBudget { Adaptive = true, Max = 1 }));
}

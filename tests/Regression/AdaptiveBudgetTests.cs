using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// The budget head's per-sample budget against fixed budgets on the committed test split: it must spend fewer
/// vision tokens on average than the fixed budget that reaches the same accuracy (interpolated between the
/// measured keep ratios, accuracy rising with the budget).
/// </summary>
[Category("Regression")]
public class AdaptiveBudgetTests
{
    static readonly double[] FixedRatios = [0.05, 0.11, 0.25, 0.5];

    static ShippedCheckpoints.Measured Measure(VisionBudget budget) =>
        ShippedCheckpoints.Load().Measure("learned", budget, TaskFamilies.All.ToArray());

    [Test]
    public void AdaptiveUsesFewerTokensThanTheFixedBudgetOfEqualAccuracy()
    {
        var adaptive = Measure(new VisionBudget { Adaptive = true });
        var curve = FixedRatios.Select(r => Measure(VisionBudget.OfRatio(r))).Append(Measure(VisionBudget.All)).ToList();
        Assert.That(curve[^1].Accuracy, Is.GreaterThanOrEqualTo(MeasuredBars.UnprunedOverallFloor), "unpruned accuracy");

        double fixedTokens = TokensToReach(adaptive.Accuracy, curve);
        Assert.That(adaptive.KeptTokens, Is.LessThan(fixedTokens),
            $"adaptive: {adaptive.Accuracy:P1} with {adaptive.KeptTokens:F1} tokens; fixed budgets: " +
            string.Join(", ", curve.Select(m => $"{m.KeptTokens:F0} -> {m.Accuracy:P1}")));
    }

    // The fewest tokens at which the fixed-budget curve reaches the accuracy, linear between measured points.
    static double TokensToReach(double accuracy, IReadOnlyList<ShippedCheckpoints.Measured> curve)
    {
        if (curve[0].Accuracy >= accuracy) return curve[0].KeptTokens;
        for (int i = 1; i < curve.Count; i++)
            if (curve[i].Accuracy >= accuracy)
            {
                var (lo, hi) = (curve[i - 1], curve[i]);
                return lo.KeptTokens + (accuracy - lo.Accuracy) / (hi.Accuracy - lo.Accuracy) * (hi.KeptTokens - lo.KeptTokens);
            }
        return double.PositiveInfinity; // the adaptive budget beats every fixed one, the unpruned model included
    }
}

using AsymVLM.Inference.Evaluation;
using static AsymVLM.Tests.Evaluation.HandMadeOutcomes;

namespace AsymVLM.Tests.Evaluation;

public class ResultTableTests
{
    static readonly EvalConfiguration Pruned = new("uniform", 0.25, false, "none", 0);

    // Family a: unpruned right twice, pruned once. Family b: unpruned once, pruned never.
    static List<SampleOutcome> TwoFamilies()
    {
        var (a1, a2, b1, b2) = (Sample("a1", "a"), Sample("a2", "a"), Sample("b1", "b"), Sample("b2", "b"));
        var u = EvalConfiguration.Unpruned;
        return
        [
            Outcome(u, a1, 1, 16, 80, 20, 10, 1000), Outcome(Pruned, a1, 1, 4, 30, 20, 4, 400),
            Outcome(u, a2, 1, 16, 80, 20, 10, 1000), Outcome(Pruned, a2, 0, 4, 40, 20, 6, 400),
            Outcome(u, b1, 1, 16, 80, 20, 10, 1000), Outcome(Pruned, b1, 0, 4, 30, 20, 2, 400),
            Outcome(u, b2, 0, 16, 80, 20, 10, 1000), Outcome(Pruned, b2, 0, 4, 40, 20, 8, 400),
        ];
    }

    static ResultRow Row(IEnumerable<ResultRow> rows, string family, string selector) =>
        rows.Single(r => r.Family == family && r.Selector == selector);

    [Test]
    public void OneRowPerConfigurationAndFamilyPlusOverall()
    {
        var rows = ResultTable.Build(TwoFamilies(), 100, seed: 0);
        Assert.That(rows.Select(r => (r.Family, r.Selector)), Is.EqualTo(new[]
        {
            ("a", "none"), ("a", "uniform"), ("b", "none"), ("b", "uniform"), (ResultTable.Overall, "none"), (ResultTable.Overall, "uniform"),
        }));
        Assert.That(rows.Select(r => r.N), Is.EqualTo(new[] { 2, 2, 2, 2, 4, 4 }));
    }

    [Test]
    public void AccuracyAndRetainedAreAgainstTheSameFamilysBaseline()
    {
        var rows = ResultTable.Build(TwoFamilies(), 100, seed: 0);
        Assert.That(Row(rows, "a", "uniform").Accuracy, Is.EqualTo(0.5));
        Assert.That(Row(rows, "a", "uniform").AccuracyRetained, Is.EqualTo(0.5));
        Assert.That(Row(rows, "b", "uniform").AccuracyRetained, Is.EqualTo(0.0));
        Assert.That(Row(rows, ResultTable.Overall, "none").Accuracy, Is.EqualTo(0.75));
        Assert.That(Row(rows, ResultTable.Overall, "uniform").AccuracyRetained, Is.EqualTo(0.25 / 0.75).Within(1e-12));
        Assert.That(rows.Where(r => r.Selector == "none").Select(r => r.AccuracyRetained), Is.All.EqualTo(1.0));
    }

    [Test]
    public void CostsAreMeansAndSavingsAndSpeedUpAreAgainstTheBaseline()
    {
        var rows = ResultTable.Build(TwoFamilies(), 100, seed: 0);
        var pruned = Row(rows, ResultTable.Overall, "uniform");
        Assert.That(pruned.VisionTokensKept, Is.EqualTo(4));
        Assert.That(pruned.PrefillFlops, Is.EqualTo(35));
        Assert.That(pruned.DecodeFlops, Is.EqualTo(20));
        Assert.That(pruned.TotalFlops, Is.EqualTo(55));
        Assert.That(pruned.FlopsSaved, Is.EqualTo(1 - 55 / 100.0).Within(1e-12));
        Assert.That(pruned.PrefillMs, Is.EqualTo(5));
        Assert.That(pruned.Speedup, Is.EqualTo(2));
        Assert.That(pruned.KvBytesPeak, Is.EqualTo(400));
        var baseline = Row(rows, ResultTable.Overall, "none");
        Assert.That((baseline.FlopsSaved, baseline.Speedup), Is.EqualTo((0.0, 1.0)));
    }

    [Test]
    public void IntervalsBracketEachAccuracy()
    {
        var rows = ResultTable.Build(TwoFamilies(), 200, seed: 5);
        foreach (var r in rows)
            Assert.That(r.AccuracyCiLow <= r.Accuracy && r.Accuracy <= r.AccuracyCiHigh, $"{r.Family} {r.Selector}: {r.AccuracyCiLow} {r.Accuracy} {r.AccuracyCiHigh}");
        Assert.That(Row(rows, "a", "none").AccuracyCiLow, Is.EqualTo(1.0));
        var overall = Row(rows, ResultTable.Overall, "uniform");
        Assert.That(overall.AccuracyCiHigh, Is.GreaterThan(overall.AccuracyCiLow));
    }

    [Test]
    public void RetainedIsNaNWhereTheBaselineGetsNothingRight()
    {
        var s = Sample("c1", "c");
        var rows = ResultTable.Build([Outcome(EvalConfiguration.Unpruned, s, 0, 16, 80, 20, 10, 1000), Outcome(Pruned, s, 1, 4, 30, 20, 5, 400)], 50, seed: 0);
        Assert.That(double.IsNaN(Row(rows, "c", "uniform").AccuracyRetained), Is.True);
    }
}

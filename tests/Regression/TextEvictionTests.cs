using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// Text eviction on reading, whose 16-character answers outgrow the text budget: the temporal-threshold policy must keep
/// whole-answer exact match high enough on its own that a tie at zero cannot pass, ahead of TOVA and StreamingLLM, and
/// level with H2O at the same budget. (The long-answer family is the README's eviction sweep: a 100-token answer per
/// sample costs more than the suite's time allows.)
/// </summary>
[Category("Regression")]
public class TextEvictionTests
{
    static ShippedCheckpoints.Measured Measure(string policy) =>
        ShippedCheckpoints.Load().Measure("none", VisionBudget.All, [TaskFamilies.Reading], policy, MeasuredBars.TextBudget);

    [Test]
    public void TemporalThresholdKeepsReadingAccurateUnderTheBudget()
    {
        double asym = Measure("asym").Accuracy;
        TestContext.Out.WriteLine($"asym reading {asym:P1} at text budget {MeasuredBars.TextBudget}");
        Assert.That(asym, Is.GreaterThanOrEqualTo(MeasuredBars.AsymReadingFloor));
    }

    [TestCase("streamingllm", MeasuredBars.AsymMarginOverRecencyAndTova)]
    [TestCase("tova", MeasuredBars.AsymMarginOverRecencyAndTova)]
    [TestCase("h2o", -MeasuredBars.AsymToleranceBehindH2O)]
    public void TemporalThresholdReadsAtLeastAsWellAsABaseline(string baseline, double margin)
    {
        var (asym, other) = (Measure("asym"), Measure(baseline));
        TestContext.Out.WriteLine($"asym {asym.Accuracy:P1} vs {baseline} {other.Accuracy:P1}");
        Assert.That(asym.Accuracy - other.Accuracy, Is.GreaterThanOrEqualTo(margin),
            $"asym {asym.Accuracy:P1} vs {baseline} {other.Accuracy:P1} at text budget {MeasuredBars.TextBudget}");
    }
}

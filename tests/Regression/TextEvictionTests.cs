using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// Text eviction on reading, whose 16-character answers outgrow the text budget: the temporal-threshold policy must keep
/// whole-answer exact match high enough on its own that a tie at zero cannot pass, and ahead of each cache-compression
/// baseline at the same budget. (The long-answer family is the README's eviction sweep; the shipped model predates it.)
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

    [TestCase("h2o")]
    [TestCase("streamingllm")]
    [TestCase("tova")]
    public void TemporalThresholdReadsAtLeastAsWellAsABaseline(string baseline)
    {
        var (asym, other) = (Measure("asym"), Measure(baseline));
        TestContext.Out.WriteLine($"asym {asym.Accuracy:P1} vs {baseline} {other.Accuracy:P1}");
        Assert.That(asym.Accuracy - other.Accuracy, Is.GreaterThanOrEqualTo(MeasuredBars.AsymMarginOverBaselines),
            $"asym {asym.Accuracy:P1} vs {baseline} {other.Accuracy:P1} at text budget {MeasuredBars.TextBudget}");
    }
}

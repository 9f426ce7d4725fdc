using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// Answer accuracy under pruning on the committed test split, with the shipped reference VLM and scorer:
/// each check compares configurations on the same samples and holds a bar set from a measured figure.
/// Each also requires the unpruned model to be accurate, so a model that ignores the image cannot pass.
/// </summary>
[Category("Regression")]
public class PruningAccuracyTests
{
    static readonly string[] Localized = [TaskFamilies.Documents, TaskFamilies.Charts];

    static ShippedCheckpoints.Measured Measure(string selector, VisionBudget budget, params string[] families) =>
        ShippedCheckpoints.Load().Measure(selector, budget, families);

    [Test]
    public void LearnedAt25PercentRetainsItsShareOfUnprunedAccuracyOnDocumentsAndCharts()
    {
        var unpruned = Measure("none", VisionBudget.All, Localized);
        var learned = Measure("learned", VisionBudget.OfRatio(0.25), Localized);
        Assert.That(unpruned.Accuracy, Is.GreaterThanOrEqualTo(MeasuredBars.UnprunedLocalizedFloor), "unpruned accuracy");
        Assert.That(learned.Accuracy, Is.GreaterThanOrEqualTo(MeasuredBars.RetainedAt25Localized * unpruned.Accuracy),
            $"learned@25% {learned.Accuracy:P1} vs unpruned {unpruned.Accuracy:P1}");
    }

    [TestCase("random", 0.11, MeasuredBars.MarginAt11)]
    [TestCase("uniform", 0.11, MeasuredBars.MarginAt11)]
    [TestCase("visionzip", 0.11, MeasuredBars.MarginAt11)]
    [TestCase("random", 0.5, MeasuredBars.MarginAt50)]
    [TestCase("uniform", 0.5, MeasuredBars.MarginAt50)]
    [TestCase("visionzip", 0.5, MeasuredBars.MarginAt50)]
    public void LearnedBeatsAQuestionAgnosticSelector(string baseline, double keep, double margin)
    {
        var families = TaskFamilies.All.ToArray();
        var learned = Measure("learned", VisionBudget.OfRatio(keep), families);
        var other = Measure(baseline, VisionBudget.OfRatio(keep), families);
        Assert.That(learned.Accuracy - other.Accuracy, Is.GreaterThanOrEqualTo(margin),
            $"learned@{keep:P0} {learned.Accuracy:P1} vs {baseline}@{keep:P0} {other.Accuracy:P1}");
    }
}

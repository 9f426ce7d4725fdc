using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Pipeline;
using static AsymVLM.Tests.Regression.ShippedCheckpoints;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// Answer accuracy under pruning on the committed test split: each check compares configurations on the same samples
/// against a bar set from figures measured on a fresh split (<see cref="MeasuredBars"/>). Each also requires the
/// unpruned model to be accurate, so a model that ignores the image cannot pass; and each must fail with the
/// random-init scorer.
/// </summary>
[Category("Regression")]
public class PruningAccuracyTests
{
    static readonly string[] Localized = [TaskFamilies.Documents, TaskFamilies.Charts];

    static Verdict RetainsAt25(ScorerKind kind)
    {
        var c = For(kind);
        var unpruned = c.Measure("none", VisionBudget.All, Localized);
        var learned = c.Measure("learned", VisionBudget.OfRatio(0.25), Localized);
        return new Verdict(unpruned.Accuracy >= MeasuredBars.UnprunedLocalizedFloor && learned.Accuracy >= MeasuredBars.RetainedAt25Localized * unpruned.Accuracy,
            $"learned@25% {learned.Accuracy:P1} vs unpruned {unpruned.Accuracy:P1} on documents + charts");
    }

    static Verdict BeatsBaseline(ScorerKind kind, string baseline, double keep, double margin)
    {
        var c = For(kind);
        var learned = c.Measure("learned", VisionBudget.OfRatio(keep), ShortAnswerFamilies);
        var other = c.Measure(baseline, VisionBudget.OfRatio(keep), ShortAnswerFamilies);
        return new Verdict(learned.Accuracy - other.Accuracy >= margin, $"learned@{keep:P0} {learned.Accuracy:P1} vs {baseline}@{keep:P0} {other.Accuracy:P1}");
    }

    [Test]
    public void LearnedAt25PercentRetainsUnprunedAccuracyOnDocumentsAndCharts() => Verdict.RequireHolds(RetainsAt25(ScorerKind.Shipped));

    [Test]
    public void RandomInitScorerAt25PercentDoesNot() => Verdict.RequireFails(RetainsAt25(ScorerKind.RandomInit));

    [TestCase("random", 0.11, MeasuredBars.MarginAt11)]
    [TestCase("uniform", 0.11, MeasuredBars.MarginAt11)]
    [TestCase("visionzip", 0.11, MeasuredBars.MarginAt11)]
    [TestCase("divprune", 0.11, MeasuredBars.MarginAt11)]
    [TestCase("random", 0.25, MeasuredBars.MarginAt25)]
    [TestCase("uniform", 0.25, MeasuredBars.MarginAt25)]
    [TestCase("visionzip", 0.25, MeasuredBars.MarginAt25)]
    public void LearnedBeatsATrainingFreeSelector(string baseline, double keep, double margin) =>
        Verdict.RequireHolds(BeatsBaseline(ScorerKind.Shipped, baseline, keep, margin));

    [TestCase("divprune", 0.11, MeasuredBars.MarginAt11)]
    [TestCase("uniform", 0.11, MeasuredBars.MarginAt11)]
    [TestCase("visionzip", 0.25, MeasuredBars.MarginAt25)]
    public void RandomInitScorerDoesNot(string baseline, double keep, double margin) =>
        Verdict.RequireFails(BeatsBaseline(ScorerKind.RandomInit, baseline, keep, margin));
}

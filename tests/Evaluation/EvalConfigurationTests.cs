using AsymVLM.Inference.Evaluation;

namespace AsymVLM.Tests.Evaluation;

public class EvalConfigurationTests
{
    static IReadOnlyList<EvalConfiguration> IssueSweep(bool adaptive = false) => EvalConfiguration.Expand(
        ["learned", "fastv", "visionzip", "divprune", "uniform", "random", "none"], [0.05, 0.11, 0.25, 0.5, 1],
        ["asym", "h2o", "streamingllm", "tova", "none"], [0, 8, 12], adaptive);

    [Test]
    public void IssueSweepHasEveryDistinctCombinationOnce()
    {
        var configurations = IssueSweep();
        // Vision: 6 pruning selectors x 4 ratios below 1, plus none@1. Text: 4 policies x 2 budgets, plus none@all.
        Assert.That(configurations, Has.Count.EqualTo((6 * 4 + 1) * (4 * 2 + 1)));
        Assert.That(configurations, Is.Unique);
        Assert.That(configurations[0], Is.EqualTo(EvalConfiguration.Unpruned));
    }

    [Test]
    public void NoneRunsOnlyAtKeepOneAndBudgetZeroAndNothingElseDoes()
    {
        var configurations = IssueSweep();
        Assert.That(configurations.Where(c => c.Selector == "none").Select(c => c.Keep), Is.All.EqualTo(1.0));
        Assert.That(configurations.Where(c => c.Keep == 1).Select(c => c.Selector), Is.All.EqualTo("none"));
        Assert.That(configurations.Where(c => c.TextPolicy == "none").Select(c => c.TextBudget), Is.All.EqualTo(0));
        Assert.That(configurations.Where(c => c.TextBudget == 0).Select(c => c.TextPolicy), Is.All.EqualTo("none"));
    }

    [Test]
    public void KeepOneAndBudgetZeroCollapseToNoneEvenWhenNoneIsNotListed()
    {
        var configurations = EvalConfiguration.Expand(["uniform"], [0.25, 1], ["h2o"], [0, 8], adaptive: false);
        Assert.That(configurations.Select(c => c.Label), Is.EqualTo(new[]
        {
            "none@1 / none@all", "uniform@0.25 / none@all", "uniform@0.25 / h2o@8", "none@1 / h2o@8",
        }));
    }

    [Test]
    public void BaselineIsPresentWhenTheListsDoNotAskForIt()
    {
        var configurations = EvalConfiguration.Expand(["random"], [0.5], ["tova"], [4], adaptive: false);
        Assert.That(configurations, Is.EqualTo(new[]
        {
            EvalConfiguration.Unpruned, new EvalConfiguration("random", 0.5, false, "tova", 4),
        }));
    }

    [Test]
    public void AdaptiveAddsTheLearnedBudgetHeadOncePerTextSetting()
    {
        var adaptive = IssueSweep(adaptive: true).Where(c => c.Adaptive).ToList();
        Assert.That(adaptive.Select(c => c.Selector), Is.All.EqualTo("learned"));
        Assert.That(adaptive.Select(c => c.KeepLabel), Is.All.EqualTo("adaptive"));
        Assert.That(adaptive, Has.Count.EqualTo(4 * 2 + 1));
    }

    [TestCase(0.0)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void KeepOutsideZeroToOneIsRefused(double keep) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EvalConfiguration.Expand(["uniform"], [keep], ["none"], [0], false));

    [Test]
    public void NegativeTextBudgetIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EvalConfiguration.Expand(["none"], [1], ["h2o"], [-1], false));
}

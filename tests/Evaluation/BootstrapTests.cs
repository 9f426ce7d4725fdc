using AsymVLM.Inference.Evaluation;

namespace AsymVLM.Tests.Evaluation;

public class BootstrapTests
{
    // 14 correct of 30: mean 0.4667.
    static readonly double[] Scores = Enumerable.Range(0, 30).Select(i => i % 7 < 3 ? 1.0 : 0.0).ToArray();

    [Test]
    public void IntervalBracketsTheMeanAndHasWidth()
    {
        var (low, high) = Bootstrap.MeanInterval(Scores, 1000, seed: 4);
        double mean = Scores.Average();
        Assert.That(mean, Is.EqualTo(14 / 30.0).Within(1e-12));
        Assert.That(low, Is.LessThan(mean));
        Assert.That(high, Is.GreaterThan(mean));
        // The normal approximation's 95% half-width is 1.96 * sqrt(p(1-p)/n) = 0.179; the percentile interval is close.
        Assert.That(high - low, Is.EqualTo(2 * 0.179).Within(0.06));
    }

    [Test]
    public void SameSeedSameIntervalOtherSeedOtherInterval()
    {
        var first = Bootstrap.MeanInterval(Scores, 200, seed: 1);
        Assert.That(Bootstrap.MeanInterval(Scores, 200, seed: 1), Is.EqualTo(first));
        Assert.That(Bootstrap.MeanInterval(Scores, 200, seed: 2), Is.Not.EqualTo(first));
    }

    [Test]
    public void HigherLevelGivesAWiderInterval()
    {
        var (low80, high80) = Bootstrap.MeanInterval(Scores, 1000, seed: 3, level: 0.8);
        var (low99, high99) = Bootstrap.MeanInterval(Scores, 1000, seed: 3, level: 0.99);
        Assert.That(low99, Is.LessThan(low80));
        Assert.That(high99, Is.GreaterThan(high80));
    }

    [Test]
    public void ConstantScoresGiveAPointAndNoScoresGiveNaN()
    {
        Assert.That(Bootstrap.MeanInterval([1.0, 1.0, 1.0], 50, seed: 0), Is.EqualTo((1.0, 1.0)));
        var (low, high) = Bootstrap.MeanInterval([], 50, seed: 0);
        Assert.That(double.IsNaN(low) && double.IsNaN(high), Is.True);
    }

    [Test]
    public void ZeroResamplesAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Bootstrap.MeanInterval(Scores, 0, seed: 0));
}

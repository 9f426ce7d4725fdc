using AsymVLM.Data.Metrics;

namespace AsymVLM.Tests.RealWorld.Metrics;

public class RelaxedAccuracyTests
{
    private static readonly RelaxedAccuracy Metric = new();

    [TestCase("105", "100", 1.0)]    // exactly 5%: inclusive
    [TestCase("95", "100", 1.0)]
    [TestCase("105.1", "100", 0.0)]
    [TestCase("94.9", "100", 0.0)]
    [TestCase("-10.4", "-10", 1.0)]  // relative to |reference|
    [TestCase("1.2e2", "120", 1.0)]
    public void NumbersWithinFivePercentRelative(string prediction, string reference, double expected)
    {
        Assert.That(Metric.Score(prediction, [reference]), Is.EqualTo(expected));
    }

    [TestCase("0.4", "40%", 1.0)]   // 40% = 0.4
    [TestCase("41%", "40%", 1.0)]   // 0.41 vs 0.4: 2.5%
    [TestCase("43%", "40%", 0.0)]   // 7.5%
    [TestCase("40", "40%", 0.0)]    // 40 vs 0.4
    public void PercentagesAreDividedByHundred(string prediction, string reference, double expected)
    {
        Assert.That(Metric.Score(prediction, [reference]), Is.EqualTo(expected));
    }

    [TestCase(" Brazil ", "brazil", 1.0)]
    [TestCase("1,000", "1000", 0.0)]  // "1,000" is no number, so compared as text
    [TestCase("0.0", "0", 0.0)]       // zero reference: no relative tolerance, text comparison
    [TestCase("0", "0", 1.0)]
    [TestCase("", "12", 0.0)]
    public void OtherwiseExactTextIgnoringCase(string prediction, string reference, double expected)
    {
        Assert.That(Metric.Score(prediction, [reference]), Is.EqualTo(expected));
    }

    [Test]
    public void AnyReferenceMayMatch()
    {
        Assert.That(Metric.Score("12", ["red", "12.5"]), Is.EqualTo(1.0)); // 4% from 12.5
        Assert.That(Metric.Score("12", []), Is.EqualTo(0.0));
    }
}

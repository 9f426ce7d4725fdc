using AsymVLM.Data.Metrics;

namespace AsymVLM.Tests.RealWorld.Metrics;

public class AnlsTests
{
    private static readonly Anls Metric = new();

    [TestCase("hello", "hello", 1.0)]
    [TestCase(" HELLO ", "hello", 1.0)]  // lowercase + trim
    [TestCase("helo", "hello", 0.8)]     // 1 edit / 5
    [TestCase("abxy", "abcd", 0.5)]      // NL = 2/4: similarity 0.5 is still kept
    [TestCase("abxyz", "abcde", 0.0)]    // NL = 3/5: similarity 0.4 < 0.5 -> 0
    [TestCase("", "abc", 0.0)]
    [TestCase("", "", 1.0)]
    public void OneMinusNormalizedLevenshteinWithThreshold(string prediction, string reference, double expected)
    {
        Assert.That(Metric.Score(prediction, [reference]), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void BestReferenceCountsAndNoReferencesScoreZero()
    {
        // "hallo" vs "foo": 4 edits / 5 -> 0.2; vs "hello": 1 / 5 -> 0.8.
        Assert.That(Metric.Score("hallo", ["foo", "hello"]), Is.EqualTo(0.8).Within(1e-12));
        Assert.That(Metric.Score("hallo", []), Is.EqualTo(0.0));
    }

    [TestCase("kitten", "sitting", 3)]
    [TestCase("", "abc", 3)]
    [TestCase("flaw", "lawn", 2)]
    [TestCase("same", "same", 0)]
    public void LevenshteinDistance(string a, string b, int expected)
    {
        Assert.That(Levenshtein.Distance(a, b), Is.EqualTo(expected));
        Assert.That(Levenshtein.Distance(b, a), Is.EqualTo(expected));
    }
}

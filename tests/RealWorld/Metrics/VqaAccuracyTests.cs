using AsymVLM.Data.Metrics;

namespace AsymVLM.Tests.RealWorld.Metrics;

public class VqaAccuracyTests
{
    private static readonly VqaAccuracy Metric = new();

    private static string[] TenAnswers(int matching, string match, string other) =>
        Enumerable.Repeat(match, matching).Concat(Enumerable.Repeat(other, 10 - matching)).ToArray();

    // n matching of 10: (n * min(1, (n - 1) / 3) + (10 - n) * min(1, n / 3)) / 10.
    [TestCase(0, 0.0)]
    [TestCase(1, 0.3)]  // 9 subsets hold 1 match: 9 * 1/3 / 10
    [TestCase(2, 0.6)]  // (2 * 1/3 + 8 * 2/3) / 10
    [TestCase(3, 0.9)]  // (3 * 2/3 + 7 * 1) / 10
    [TestCase(4, 1.0)]
    [TestCase(10, 1.0)]
    public void LeaveOneOutAverageOfMinMatchesOverThree(int matching, double expected)
    {
        Assert.That(Metric.Score("2", TenAnswers(matching, "2", "3")), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void NormalizationAppliesToPredictionAndReferences()
    {
        // "Two." -> "two" (period dropped) -> "2"; references "two", "Two", "2" all normalize to "2".
        string[] references = ["two", "Two", "2", "3", "3", "3", "3", "3", "3", "3"];
        Assert.That(Metric.Score("Two.", references), Is.EqualTo(0.9).Within(1e-12));
    }

    [TestCase("The Dog", "dog")]
    [TestCase("a red T-shirt!", "red t shirt")]
    [TestCase("hello - world", "hello world")]
    [TestCase("1,000", "1000")]
    [TestCase("3.5 ft.", "3.5 ft")]
    [TestCase("dont know", "don't know")]
    [TestCase("it's\tnine", "it 's 9")]
    [TestCase("What?", "what")]
    [TestCase("", "")]
    public void NormalizerFollowsTheOfficialTables(string raw, string expected)
    {
        Assert.That(VqaAnswerNormalizer.Normalize(raw), Is.EqualTo(expected));
    }

    [Test]
    public void EdgeCases()
    {
        Assert.That(Metric.Score("yes", []), Is.EqualTo(0.0), "no references");
        Assert.That(Metric.Score("", TenAnswers(10, "yes", "no")), Is.EqualTo(0.0), "empty prediction");
        // One reference leaves nothing after leave-one-out, but a verbatim match still scores 1 (TextVQA evaluator rule).
        Assert.That(Metric.Score("Yes", ["yes"]), Is.EqualTo(1.0));
        Assert.That(Metric.Score("no", ["yes"]), Is.EqualTo(0.0));
    }
}

using AsymVLM.Data.Metrics;

namespace AsymVLM.Tests.RealWorld.Metrics;

public class EditSimilarityTests
{
    [TestCase("ABCD EFGH", "ABCD EFGH", 1.0)]
    [TestCase("ABCD EFGX", "ABCD EFGH", 1 - 1 / 9.0)]
    [TestCase("ABCD", "ABCD EFGH", 4 / 9.0)]
    [TestCase("", "ABCD", 0.0)]
    [TestCase(" ABCD ", "ABCD", 1.0)]
    public void IsOneMinusTheNormalizedEditDistance(string prediction, string reference, double expected) =>
        Assert.That(new EditSimilarity().Score(prediction, [reference]), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void TakesTheClosestReferenceAndGivesNoCreditWithoutOne()
    {
        Assert.That(new EditSimilarity().Score("ABCD", ["WXYZ", "ABCE"]), Is.EqualTo(0.75));
        Assert.That(new EditSimilarity().Score("ABCD", []), Is.EqualTo(0.0));
    }
}

using AsymVLM.Data.Metrics;

namespace AsymVLM.Tests.RealWorld.Metrics;

public class ExactMatchTests
{
    private static readonly ExactMatch Metric = new();

    [Test]
    public void TrimmedCaseInsensitiveAgainstAnyReference()
    {
        Assert.That(Metric.Score(" Paris ", ["paris"]), Is.EqualTo(1.0));
        Assert.That(Metric.Score("paris", ["London", "PARIS"]), Is.EqualTo(1.0));
        Assert.That(Metric.Score("Paris.", ["paris"]), Is.EqualTo(0.0), "no punctuation normalization");
    }

    [Test]
    public void EmptyPredictionsAndReferences()
    {
        Assert.That(Metric.Score("", ["a"]), Is.EqualTo(0.0));
        Assert.That(Metric.Score("  ", [""]), Is.EqualTo(1.0));
        Assert.That(Metric.Score("a", []), Is.EqualTo(0.0));
    }

    [Test]
    public void TasksMapToTheirStandardMetric()
    {
        Assert.That(AnswerMetrics.ForTask("TextVQA"), Is.InstanceOf<VqaAccuracy>());
        Assert.That(AnswerMetrics.ForTask("docvqa"), Is.InstanceOf<Anls>());
        Assert.That(AnswerMetrics.ForTask("chartqa"), Is.InstanceOf<RelaxedAccuracy>());
        Assert.Throws<ArgumentException>(() => AnswerMetrics.ForTask("mystery"));
    }
}

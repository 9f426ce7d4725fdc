using AsymVLM.Data.Benchmark;
using AsymVLM.Training.Pretraining;

namespace AsymVLM.Tests.Pretraining;

/// <summary>chart-errors sorts a chart-value answer by the chart it re-draws from the sample id.</summary>
public class ChartValueErrorsTests
{
    const int Seed = 5;

    [Test]
    public void AnAnswerIsRightAnotherBarsValueOrNoBarsValue()
    {
        var (id, sample) = Enumerable.Range(0, 100).Select(i => (Id: SyntheticBenchmark.SampleId(Seed, i), Sample: SyntheticBenchmark.Render(Seed, i)))
            .First(s => s.Sample.Sample.Task == TaskFamilies.ChartValue);
        string right = sample.Sample.Answer;
        string another = sample.Questions.Where(q => q.Task == TaskFamilies.ChartValue).Select(q => q.Answer).First(v => v != right);
        var documentId = SyntheticBenchmark.SampleId(Seed, Enumerable.Range(0, 100).First(i => SyntheticBenchmark.Render(Seed, i).Sample.Task == TaskFamilies.DocField));

        var counts = ChartValueErrors.Classify([(id, right), (id, another), (id, another), (id, "99"), (documentId, "anything")]);

        Assert.That(counts, Is.EqualTo(new ChartValueErrors.Counts(Right: 1, AnotherBar: 2, NoBar: 1)));
    }

    [Test]
    public void AnIdOfNoSyntheticSampleIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => ChartValueErrors.Classify([("photo_17", "3")]));
        Assert.That(error!.Message, Does.Contain("photo_17"));
        Assert.That(SyntheticBenchmark.TryParseSampleId("s5_000007", out int seed, out int index) && (seed, index) == (5, 7), Is.True);
        Assert.That(SyntheticBenchmark.TryParseSampleId("s5_7", out _, out _), Is.False, "an id the generator would not write");
    }
}

using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// Text eviction where it matters, on the long-answer family: transcriptions of 67-135 tokens decoded under a text
/// budget well below their length. The temporal-threshold policy must keep the transcriptions close to right (edit
/// similarity, the partial credit of long answers) and ahead of each cache-compression baseline at the same budget.
/// </summary>
[Category("Regression")]
public class TextEvictionTests
{
    static ShippedCheckpoints.Measured Measure(string policy) =>
        ShippedCheckpoints.Load().Measure("none", VisionBudget.All, [TaskFamilies.Transcription], policy, MeasuredBars.TextBudget);

    [Test]
    public void TemporalThresholdKeepsTranscriptionsCloseUnderTheBudget() =>
        Assert.That(Measure("asym").Similarity, Is.GreaterThanOrEqualTo(MeasuredBars.AsymSimilarityFloor));

    [TestCase("h2o")]
    [TestCase("streamingllm")]
    [TestCase("tova")]
    public void TemporalThresholdTranscribesAtLeastAsWellAsABaseline(string baseline)
    {
        var (asym, other) = (Measure("asym"), Measure(baseline));
        Assert.That(asym.Similarity - other.Similarity, Is.GreaterThanOrEqualTo(MeasuredBars.AsymMarginOverBaselines),
            $"asym {asym.Similarity:P1} vs {baseline} {other.Similarity:P1} edit similarity at text budget {MeasuredBars.TextBudget}");
    }
}

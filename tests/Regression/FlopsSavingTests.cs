using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Regression;

/// <summary>AsymVLM's headline saving: pruning to 25% before prefill saves at least 54% of end-to-end FLOPs on the test split.</summary>
[Category("Regression")]
public class FlopsSavingTests
{
    [Test]
    public void LearnedSelectorAt25PercentSavesTheHeadlineFlops()
    {
        var shipped = ShippedCheckpoints.Load();
        var options = new RequestOptions { Selector = "learned", Budget = VisionBudget.OfRatio(0.25), Generation = new GenerationOptions { MaxNewTokens = 24 } };
        var stats = shipped.TestSplit.GroupBy(s => s.Sample.Family).SelectMany(g => g.Take(10))
            .Select(s => shipped.Pipeline.Ask(s.Pixels, s.Sample.Question, options).Stats).ToList();
        double saved = 1 - stats.Average(s => (double)s.TotalFlops) / stats.Average(s => (double)s.UnprunedTotalFlops);
        Assert.That(saved, Is.GreaterThanOrEqualTo(0.54), $"FLOPs saved {saved:P1}");
        Assert.That(stats.All(s => s.VisionTokensKept == 64), Is.True);
    }
}

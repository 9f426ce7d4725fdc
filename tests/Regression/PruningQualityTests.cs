using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// Regression checks on pruning quality with the shipped reference VLM + scorer on the committed test split.
/// Each asserts a measured figure against a bar; the bars and the margins were measured with
/// `dotnet run --project src/Inference -- eval ...` (README, Results) and are held here.
/// </summary>
[Category("Regression")]
public class PruningQualityTests
{
    const int PerFamily = 40;
    static readonly string[] Localized = ["documents", "charts"];
    static readonly string[] AllFamilies = ["documents", "charts", "scenes", "reading"];

    static ShippedCheckpoints Shipped => ShippedCheckpoints.Load();

    static RequestOptions Vision(string selector, double keep) => new()
    {
        Selector = selector, Budget = VisionBudget.OfRatio(keep), Generation = new GenerationOptions { MaxNewTokens = 24 },
    };

    [Test]
    public void LearnedSelectorAt25PercentRetainsLocalizedAccuracy()
    {
        var (unpruned, _) = Shipped.Measure(Vision("none", 1), Localized, PerFamily);
        var (learned, _) = Shipped.Measure(Vision("learned", 0.25), Localized, PerFamily);
        Assert.That(unpruned, Is.GreaterThan(0), "the reference VLM must answer some localized questions");
        Assert.That(learned, Is.GreaterThanOrEqualTo(0.97 * unpruned), $"learned@25% {learned:P1} vs unpruned {unpruned:P1}");
    }

    [TestCase("random")]
    [TestCase("uniform")]
    [TestCase("visionzip")]
    public void LearnedSelectorAt11PercentBeatsQuestionAgnosticSelectors(string baseline)
    {
        var (learned, _) = Shipped.Measure(Vision("learned", 0.11), AllFamilies, PerFamily);
        var (other, _) = Shipped.Measure(Vision(baseline, 0.11), AllFamilies, PerFamily);
        Assert.That(learned - other, Is.GreaterThanOrEqualTo(MeasuredMargins.At11Percent),
            $"learned@11% {learned:P1} vs {baseline}@11% {other:P1}");
    }

    [Test]
    public void AdaptiveBudgetUsesFewerTokensThanTheFixedBudgetOfEqualAccuracy()
    {
        var adaptive = new RequestOptions { Selector = "learned", Budget = new VisionBudget { Adaptive = true }, Generation = new GenerationOptions { MaxNewTokens = 24 } };
        var (adaptiveAccuracy, adaptiveTokens) = Shipped.Measure(adaptive, AllFamilies, PerFamily);
        // The smallest fixed keep ratio whose accuracy reaches the adaptive one.
        foreach (var keep in new[] { 0.05, 0.11, 0.25, 0.5, 1.0 })
        {
            var (accuracy, tokens) = Shipped.Measure(Vision("learned", keep), AllFamilies, PerFamily);
            if (accuracy < adaptiveAccuracy) continue;
            Assert.That(adaptiveTokens, Is.LessThan(tokens), $"adaptive {adaptiveTokens:F1} tokens at {adaptiveAccuracy:P1}; fixed {keep:P0}: {tokens:F1} tokens at {accuracy:P1}");
            return;
        }
        Assert.Pass("no fixed budget reaches the adaptive accuracy: the adaptive budget dominates");
    }

    [TestCase("h2o")]
    [TestCase("streamingllm")]
    [TestCase("tova")]
    public void TemporalThresholdKeepsReadingAtASmallTextBudget(string baseline)
    {
        RequestOptions Text(string policy) => new()
        {
            TextPolicy = policy, TextBudget = MeasuredMargins.ReadingTextBudget, Generation = new GenerationOptions { MaxNewTokens = 24 },
        };
        var (asym, _) = Shipped.Measure(Text("asym"), ["reading"], PerFamily);
        var (other, _) = Shipped.Measure(Text(baseline), ["reading"], PerFamily);
        Assert.That(asym, Is.GreaterThanOrEqualTo(other), $"asym {asym:P1} vs {baseline} {other:P1} at text budget {MeasuredMargins.ReadingTextBudget}");
    }
}

using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Pipeline;

public class TextEvictionInPipelineTests
{
    const string Question = "read line 2";
    static readonly GenerationOptions Long = new() { MaxNewTokens = 24 };

    [TestCase("asym")]
    [TestCase("h2o")]
    [TestCase("streamingllm")]
    [TestCase("tova")]
    public void UnboundedBudgetReproducesFullCacheGeneration(string policy)
    {
        var vlm = TinyVlm.Create(5);
        var pipeline = new AsymPipeline(vlm);
        var full = pipeline.Ask(TinyVlm.Pixels(6), Question, new RequestOptions { Generation = Long });
        var unbounded = pipeline.Ask(TinyVlm.Pixels(6), Question, new RequestOptions { Generation = Long, TextPolicy = policy, TextBudget = 0 });
        Assert.That(unbounded.Tokens, Is.EqualTo(full.Tokens));
        Assert.That(unbounded.Stats.TextEntriesEvicted, Is.Zero);
    }

    [TestCase("asym")]
    [TestCase("h2o")]
    [TestCase("streamingllm")]
    [TestCase("tova")]
    public void BoundedBudgetKeepsTextWithinBudgetAndNeverTouchesVision(string policy)
    {
        var vlm = TinyVlm.Create(5);
        var options = new RequestOptions { Generation = Long with { StopIds = new HashSet<int>() }, TextPolicy = policy, TextBudget = 8 };
        var result = new AsymPipeline(vlm).Ask(TinyVlm.Pixels(6), Question, options);

        int layers = vlm.Model.Decoder.LayerCount;
        int prompt = vlm.Format.Build(Question).Length;
        Assert.That(result.Stats.TextEntriesEvicted, Is.GreaterThan(0));
        // Per layer at most: all 16 vision entries + the budget + the one new entry before it is considered.
        Assert.That(result.Stats.PeakKvEntries, Is.LessThanOrEqualTo(layers * (16 + Math.Max(8, prompt - 16) + 1)));
        Assert.That(result.Stats.DecodeFlops, Is.LessThan(result.Stats.UnprunedDecodeFlops));
    }
}

/// <summary>One prefill for several text configurations gives the answers and costs of separate requests.</summary>
public class AskEachTests
{
    [TestCase("none", 0.25)]
    [TestCase("uniform", 0.25)]
    [TestCase("fastv", 0.5)]
    public void ForkedDecodesMatchSeparateRequests(string selector, double keep)
    {
        var vlm = TinyVlm.Create(5);
        var pipeline = new AsymPipeline(vlm);
        var generation = new GenerationOptions { MaxNewTokens = 20, StopIds = new HashSet<int>() };
        var vision = new RequestOptions { Selector = selector, Budget = selector == "none" ? VisionBudget.All : VisionBudget.OfRatio(keep), Generation = generation, Seed = 3 };
        var variants = new[] { ("none", 0), ("asym", 6), ("h2o", 6), ("streamingllm", 8), ("tova", 6) }
            .Select(t => vision with { TextPolicy = t.Item1, TextBudget = t.Item2 }).ToList();

        var together = pipeline.AskEach(TinyVlm.Pixels(6), "read line 2", variants);
        for (int i = 0; i < variants.Count; i++)
        {
            var alone = pipeline.Ask(TinyVlm.Pixels(6), "read line 2", variants[i]);
            Assert.That(together[i].Tokens, Is.EqualTo(alone.Tokens), variants[i].TextPolicy);
            Assert.That(together[i].KeptIndices, Is.EqualTo(alone.KeptIndices));
            Assert.That((together[i].Stats.TextEntriesEvicted, together[i].Stats.PeakKvBytes, together[i].Stats.TotalFlops),
                Is.EqualTo((alone.Stats.TextEntriesEvicted, alone.Stats.PeakKvBytes, alone.Stats.TotalFlops)), variants[i].TextPolicy);
        }
        Assert.That(together.Skip(1).Any(r => r.Stats.TextEntriesEvicted > 0), "the bounded budgets evict");
    }

    [Test]
    public void RequestsThatDifferInVisionSettingsAreRefused()
    {
        var pipeline = new AsymPipeline(TinyVlm.Create());
        var a = new RequestOptions { Selector = "uniform", Budget = VisionBudget.OfCount(4) };
        Assert.That(() => pipeline.AskEach(TinyVlm.Pixels(0), "read line 2", [a, a with { Budget = VisionBudget.OfCount(8) }]),
            Throws.ArgumentException.With.Message.Contains("differ only in their text settings"));
    }
}

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

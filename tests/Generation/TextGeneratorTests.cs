using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;
using AsymVLM.Tests.Model;
using AsymVLM.Tests.Selection;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Generation;

public class TextGeneratorTests : TorchScopedTest
{
    const int PromptLength = 10;
    LlavaModel model = null!;
    Tensor prompt = null!;
    long[] positions = null!;

    [SetUp]
    public void BuildModel()
    {
        manual_seed(0);
        model = new LlavaModel(TinyConfigs.Llava());
        model.eval();
        prompt = model.EmbedTokens(randint(0, 90, [1, PromptLength], dtype: int64)).detach(); // [1, S, D]
        positions = Enumerable.Range(0, PromptLength).Select(i => (long)i).ToArray();
    }

    [TearDown]
    public void DisposeModel()
    {
        prompt.Dispose();
        model.Dispose();
    }

    [Test]
    public void GreedyWithTheCacheMatchesRecomputingTheWholeSequence()
    {
        const int steps = 8;
        var recorder = new LogitsRecorder(model);
        var cached = Generate(new GenerationOptions { MaxNewTokens = steps }, hook: recorder).Tokens;

        var recomputed = new List<int>();
        var recomputedLogits = new List<float[]>();
        using (no_grad())
            for (int i = 0; i < steps; i++)
            {
                var generated = model.EmbedTokens(tensor(recomputed.Select(t => (long)t).ToArray(), dtype: int64).unsqueeze(0)); // [1, i, D]
                var sequence = cat([prompt, generated], 1);                                                                     // [1, S + i, D]
                var logits = model.Logits(model.Forward(sequence, arange(PromptLength + i, dtype: int64).unsqueeze(0)).Hidden[0, -1]); // [V]
                recomputed.Add((int)logits.argmax().item<long>());
                recomputedLogits.Add(logits.data<float>().ToArray());
            }

        Assert.That(cached, Is.EqualTo(recomputed));
        Assert.That(recomputed.Distinct().Count(), Is.GreaterThan(1), "a constant sequence would not test the cache's positions");
        // Argmax forgives small errors (a decode position off by one keeps these tokens): compare the logits too.
        // Decode step k feeds token k and predicts token k + 1; the prefill predicted token 0.
        Assert.That(recorder.Steps, Has.Count.EqualTo(steps - 1));
        for (int k = 0; k < recorder.Steps.Count; k++)
            Assert.That(recorder.Steps[k], Is.EqualTo(recomputedLogits[k + 1]).Within(1e-4), $"logits after decode step {k}");
    }

    /// <summary>Copies each decode step's last-position logits out of the generator's per-step scope.</summary>
    sealed class LogitsRecorder(LlavaModel model) : IDecodeHook
    {
        public List<float[]> Steps { get; } = [];
        public AttentionCapture? BeforeStep(int step, long position) => null;
        public void AfterStep(int step, DecoderResult result, KvCache cache) =>
            Steps.Add(model.Logits(result.Hidden[0, -1]).data<float>().ToArray());
    }

    [Test]
    public void StopsBeforeTheFirstStopId()
    {
        var free = Generate(new GenerationOptions { MaxNewTokens = 8 }).Tokens;
        // The first token that did not occur earlier: stopping on it must cut the sequence exactly there.
        int cut = Enumerable.Range(1, free.Count - 1).First(i => !free.Take(i).Contains(free[i]));

        var stopped = Generate(new GenerationOptions { MaxNewTokens = 8, StopIds = new HashSet<int> { free[cut] } }).Tokens;

        Assert.That(stopped, Is.EqualTo(free.Take(cut)));
    }

    [Test]
    public void StopIdAsTheFirstTokenGivesNothing()
    {
        var free = Generate(new GenerationOptions { MaxNewTokens = 1 }).Tokens;

        Assert.That(Generate(new GenerationOptions { StopIds = new HashSet<int> { free[0] } }).Tokens, Is.Empty);
    }

    [TestCase(1)]
    [TestCase(5)]
    public void RespectsMaxNewTokensAndContinuesAfterTheLastPromptPosition(int maxNewTokens)
    {
        // A pruned prompt: positions 0..4 and 10..14, so decoding continues at 15.
        long[] gapped = [0, 1, 2, 3, 4, 10, 11, 12, 13, 14];
        using var cache = new KvCache(model.Decoder.LayerCount);

        var tokens = Generate(new GenerationOptions { MaxNewTokens = maxNewTokens }, cache, gapped).Tokens;

        Assert.That(tokens, Has.Count.EqualTo(maxNewTokens));
        // The last token is returned but never fed back, so the cache holds the prompt and the first N - 1 tokens.
        var expected = gapped.Concat(Enumerable.Range(15, maxNewTokens - 1).Select(p => (long)p));
        Assert.That(cache[0].Positions, Is.EqualTo(expected));
    }

    [Test]
    public void AnEvictingDecodeReservesItsBoundOnceAndAnUnboundedOneGrowsOnDemand()
    {
        // Positions 0..5 stand for the image and 6..9 are prompt text; a budget of 80 is past the prefill's headroom (10 + 64).
        var vision = Enumerable.Range(0, 6).Select(i => (long)i).ToHashSet();
        using var evicting = new KvCache(model.Decoder.LayerCount);
        using var monitor = new Inference.Pipeline.DecodeMonitor(new Inference.Eviction.StreamingLlmPolicy(), textBudget: 80, vision, model.Decoder.LayerCount);
        Generate(new GenerationOptions { MaxNewTokens = 150 }, evicting, hook: monitor);

        Assert.That(evicting[0].Count, Is.EqualTo(6 + 80 + 1), "a step attends over the vision entries, the budget and its own entry");
        Assert.That(Enumerable.Range(0, evicting.LayerCount).Select(l => evicting[l].Capacity), Has.All.EqualTo(6 + 80 + 1),
            "the buffers hold exactly the slots a step attends over");

        using var unbounded = new KvCache(model.Decoder.LayerCount);
        Generate(new GenerationOptions { MaxNewTokens = 100 }, unbounded); // 109 entries: past 74, within 148
        Assert.That(unbounded[0].Capacity, Is.EqualTo(2 * (PromptLength + LayerKv.DecodeHeadroom)), "no bound: the buffers double when full");
        using var shortAnswer = new KvCache(model.Decoder.LayerCount);
        Generate(new GenerationOptions { MaxNewTokens = 150, StopIds = Generate(new GenerationOptions { MaxNewTokens = 3 }).Tokens.Skip(2).ToHashSet() }, shortAnswer);
        Assert.That(shortAnswer[0].Capacity, Is.EqualTo(PromptLength + LayerKv.DecodeHeadroom), "a short answer does not pay for max_tokens of cache");
    }

    [Test]
    public void LeavesNoTensorInTheCallersScope()
    {
        using var scope = NewDisposeScope();
        var embeds = prompt.alias();
        int before = scope.DisposablesCount;
        using var cache = new KvCache(model.Decoder.LayerCount);

        new TextGenerator(model).Generate(embeds, positions, new GenerationOptions { MaxNewTokens = 4 }, cache);

        Assert.That(scope.DisposablesCount, Is.EqualTo(before));
    }

    [Test]
    public void RejectsInvalidOptionsAndBatches()
    {
        using var cache = new KvCache(model.Decoder.LayerCount);
        var generator = new TextGenerator(model);

        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate(prompt, positions, new GenerationOptions { TopP = 0 }, cache));
        Assert.Throws<ArgumentException>(() => generator.Generate(prompt.expand(2, -1, -1), positions, new GenerationOptions(), cache));
    }

    GenerationResult Generate(GenerationOptions options, KvCache? cache = null, long[]? at = null, IDecodeHook? hook = null)
    {
        using var own = cache is null ? new KvCache(model.Decoder.LayerCount) : null;
        return new TextGenerator(model).Generate(prompt, at ?? positions, options, cache ?? own!, hook);
    }
}

using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Scoring;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Pipeline;

public class AsymPipelineTests
{
    const string Question = "what is the value of TOTAL?";

    [Test]
    public void FullBudgetAssemblyGivesTheUnprunedLogits()
    {
        var vlm = TinyVlm.Create();
        using var noGrad = no_grad();
        var prompt = vlm.Format.Build(Question);
        var ids = tensor(prompt.Ids).unsqueeze(0);
        var pixels = TinyVlm.Pixels(1).unsqueeze(0);
        var reference = vlm.Model.FullLogits(ids, pixels);

        var image = vlm.Model.EncodeImage(pixels).Tokens[0];
        var all = Enumerable.Range(0, prompt.ImageCount).Select(i => (long)i).ToArray();
        var (embeds, positions) = PromptAssembly.Build(vlm.Model.EmbedTokens(ids), image, all, prompt.ImageStart, prompt.ImageCount, compact: false);
        var logits = vlm.Model.Logits(vlm.Model.Forward(embeds, tensor(positions).unsqueeze(0)).Hidden);
        Assert.That((logits - reference).abs().max().item<float>(), Is.EqualTo(0f));
    }

    [Test]
    public void NoneSelectorMatchesGreedyDecodingWithoutCache([ValueSource(typeof(TinyVlm), nameof(TinyVlm.Towers))] string tower)
    {
        var vlm = TinyVlm.Create(2, tower);
        var pixels = TinyVlm.Pixels(3);
        var result = new AsymPipeline(vlm).Ask(pixels, Question, new RequestOptions { Generation = new GenerationOptions { MaxNewTokens = 8 } });

        // Reference: recompute the full sequence every step, no cache, no pruning.
        using var noGrad = no_grad();
        var ids = vlm.Format.Build(Question).Ids.ToList();
        var expected = new List<int>();
        for (int step = 0; step < 8; step++)
        {
            int next = (int)vlm.Model.FullLogits(tensor(ids.ToArray()).unsqueeze(0), pixels.unsqueeze(0))[0, -1].argmax().item<long>();
            if (next == vlm.Tokenizer.EosId) break;
            expected.Add(next);
            ids.Add(next);
        }
        Assert.That(result.Tokens, Is.EqualTo(expected));
        Assert.That(result.Stats.VisionTokensKept, Is.EqualTo(16));
        Assert.That(result.Stats.FlopsSaved, Is.EqualTo(0).Within(1e-12));
    }

    static IEnumerable<TestCaseData> SelectorBudgets() =>
        from tower in TinyVlm.Towers
        from c in new (string Selector, int Keep)[]
            { ("none", 16), ("random", 4), ("uniform", 4), ("visionzip", 6), ("divprune", 3), ("cls-attention", 5), ("learned", 4), ("fastv", 4) }
        select new TestCaseData(c.Selector, c.Keep, tower);

    [TestCaseSource(nameof(SelectorBudgets))]
    public void EverySelectorKeepsItsBudgetAndSavesPrefill(string selector, int keep, string tower)
    {
        var vlm = TinyVlm.Create(tower: tower);
        var head = new ImportanceHead(new ImportanceHeadConfig { InputSize = 48, GridHeight = 4, GridWidth = 4, RowKernel = 3, Width = 8 });
        var options = new RequestOptions { Selector = selector, Budget = VisionBudget.OfCount(keep), Generation = new GenerationOptions { MaxNewTokens = 4 } };
        var result = new AsymPipeline(vlm, head).Ask(TinyVlm.Pixels(4), Question, options);

        Assert.That(result.KeptIndices, Has.Length.EqualTo(keep));
        Assert.That(result.KeptIndices, Is.Unique.And.Ordered.And.All.InRange(0L, 15L));
        Assert.That(result.Stats.VisionTokensKept, Is.EqualTo(keep));
        if (keep < 16) Assert.That(result.Stats.PrefillFlops, Is.LessThan(result.Stats.UnprunedPrefillFlops));
    }

    [Test]
    public void AdaptiveBudgetNeedsTheLearnedSelector()
    {
        var vlm = TinyVlm.Create();
        var options = new RequestOptions { Selector = "random", Budget = new VisionBudget { Adaptive = true } };
        Assert.That(() => new AsymPipeline(vlm).Ask(TinyVlm.Pixels(0), Question, options),
            Throws.ArgumentException.With.Message.Contains("learned"));
    }

    [Test]
    public void UnknownNamesAndEmptyQuestionsAreClearErrors()
    {
        var pipeline = new AsymPipeline(TinyVlm.Create());
        Assert.That(() => pipeline.Ask(TinyVlm.Pixels(0), Question, new RequestOptions { Selector = "nope" }),
            Throws.ArgumentException.With.Message.Contains("nope"));
        Assert.That(() => pipeline.Ask(TinyVlm.Pixels(0), Question, new RequestOptions { TextPolicy = "lru" }),
            Throws.ArgumentException.With.Message.Contains("lru"));
        Assert.That(() => pipeline.Ask(TinyVlm.Pixels(0), " ", new RequestOptions()),
            Throws.ArgumentException.With.Message.Contains("empty"));
    }
}

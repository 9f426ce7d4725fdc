using AsymVLM.Data.Images;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Engine;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Scoring;
using AsymVLM.Inference.Selection;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Pipeline;

/// <summary>
/// <c>ask</c> on a tiny random LLaVA-NeXT or OneVision loaded from its HF layout: unpruned, it answers as HF's forward on
/// pixel_values [1, V, 3, S, S] and image_sizes does; pruned, it ranks patches only and keeps every <c>image_newline</c>.
/// </summary>
public class AnyResAskTests
{
    const string Question = "what is the value of TOTAL?";

    static IEnumerable<TestCaseData> TypesTowersAndSizes() =>
        from type in TinyAnyRes.Types
        from tower in TinyVlm.Towers
        from size in TinyAnyRes.Sizes
        select new TestCaseData(type, tower, size.Height, size.Width);

    [TestCaseSource(nameof(TypesTowersAndSizes))]
    public void AnUnprunedAnswerIsTheGreedyDecodeOfTheFullForward(string type, string tower, int height, int width)
    {
        using var dir = TinyAnyRes.Directory(tower, type);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        var rgb = TinyAnyRes.Image((height, width), seed: 4);
        using var image = vlm.Images.FromRgbImage(rgb);
        var result = new AsymPipeline(vlm).Ask(image, Question, new RequestOptions { Generation = new GenerationOptions { MaxNewTokens = 8 } });

        // Reference: HF-style inputs from the processor and the geometry, and the full forward recomputed every step.
        using var noGrad = no_grad();
        var config = vlm.Model.Config;
        var processor = new AnyResImageProcessor(vlm.Images.Processor, config.ImageGridPinpoints, config.Vision.ImageSize, config.Vision.GridSize, config.MaxNumPatches);
        var (views, layout) = processor.Preprocess(rgb);
        var pixels = stack(views.Select(v => v.ToTensor()).ToArray()).unsqueeze(0);     // [1, V, 3, S, S]
        int imageTokens = layout.ImageTokens(config.ImageTokenCount);
        var ids = vlm.Format.Build(Question, imageTokens).Ids.ToList();
        var expected = new List<int>();
        for (int step = 0; step < 8; step++)
        {
            int next = (int)vlm.Model.FullLogits(tensor(ids.ToArray()).unsqueeze(0), pixels, [(height, width)])[0, -1].argmax().item<long>();
            if (next == vlm.Tokenizer.EosId) break;
            expected.Add(next);
            ids.Add(next);
        }
        Assert.That(expected, Is.Not.Empty);
        Assert.That(result.Tokens, Is.EqualTo(expected));
        Assert.That((result.Stats.VisionTokensKept, result.Stats.VisionTokensTotal), Is.EqualTo((imageTokens, imageTokens)));
        vlm.Model.Dispose();
    }

    /// <summary>The ask command's path: the engine decodes the image itself and prepares its views as the loader says.</summary>
    [Test]
    public void TheEngineAnswersAsThePipelineOnTheSameImage()
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip);
        var rgb = TinyAnyRes.Image(TinyAnyRes.Wide, seed: 7);
        var options = new RequestOptions { Selector = RandomSelector.MethodName, Budget = VisionBudget.OfRatio(0.5), Generation = new GenerationOptions { MaxNewTokens = 6 } };
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        using var image = vlm.Images.FromRgbImage(rgb);
        var expected = new AsymPipeline(vlm).Ask(image, Question, options);
        vlm.Model.Dispose();

        using var engine = VlmEngine.Load(dir.Path, target: ComputeTarget.Cpu);
        var actual = engine.Ask(ImageSource.FromRgbImage(rgb), Question, options);
        Assert.That((actual.Tokens, actual.KeptIndices), Is.EqualTo((expected.Tokens, expected.KeptIndices)));
        Assert.That(actual.Stats.VisionTokensTotal, Is.EqualTo(VisionLayout.AnyRes(image.AnyRes!).TokenCount));
    }

    static IEnumerable<TestCaseData> TypesSelectorsAndTowers() =>
        from type in TinyAnyRes.Types
        from selector in new[] { UniformGridSelector.MethodName, RandomSelector.MethodName, LearnedSelector.MethodName, FastVPrefill.MethodName }
        from tower in TinyVlm.Towers
        select new TestCaseData(type, selector, tower);

    [TestCaseSource(nameof(TypesSelectorsAndTowers))]
    public void APrunedAnswerKeepsEveryNewlineAndAQuarterOfThePatches(string type, string selector, string tower)
    {
        using var dir = TinyAnyRes.Directory(tower, type);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        using var image = vlm.Images.FromRgbImage(TinyAnyRes.Image(TinyAnyRes.Wide, seed: 5));
        using var head = new ImportanceHead(new ImportanceHeadConfig { InputSize = 48, GridHeight = 4, GridWidth = 4, RowKernel = 3, Width = 8 });
        var options = new RequestOptions
        {
            Selector = selector, Budget = VisionBudget.OfRatio(0.25), Generation = new GenerationOptions { MaxNewTokens = 4 },
        };
        var result = new AsymPipeline(vlm, head).Ask(image, Question, options);

        var layout = VisionLayout.AnyRes(image.AnyRes!);
        var newlines = layout.NewlineTokens();
        int patches = (int)Math.Round(0.25 * layout.PatchCount);
        Assert.That((layout.PatchCount, newlines.Length), Is.EqualTo(type == LlavaConfig.LlavaNext ? (56, 4) : (28, 2)), "the wide image's geometry");
        Assert.That(result.KeptIndices, Is.Unique.And.Ordered.And.All.InRange(0L, layout.TokenCount - 1L));
        Assert.That(result.KeptIndices, Is.SupersetOf(newlines));
        Assert.That(result.KeptIndices.Except(newlines).Count(), Is.EqualTo(patches));
        Assert.That((result.Stats.VisionTokensKept, result.Stats.VisionBudget, result.Stats.VisionTokensTotal),
            Is.EqualTo((patches + newlines.Length, patches, layout.TokenCount)));
        Assert.That(result.Stats.PrefillTokens, Is.EqualTo(vlm.Format.Build(Question, layout.TokenCount).Length - layout.TokenCount + patches + newlines.Length));
        vlm.Model.Dispose();
    }

    [TestCaseSource(typeof(TinyAnyRes), nameof(TinyAnyRes.Types))]
    public void APrunedFirstTokenIsTheForwardOverTheKeptTokensAtTheirPositions(string type)
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip, type);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        using var image = vlm.Images.FromRgbImage(TinyAnyRes.Image(TinyAnyRes.Wide, seed: 6));
        var options = new RequestOptions
        {
            Selector = UniformGridSelector.MethodName, Budget = VisionBudget.OfRatio(0.25), Generation = new GenerationOptions { MaxNewTokens = 1 },
        };
        var result = new AsymPipeline(vlm).Ask(image, Question, options);

        // Reference: the full sequence of image tokens scattered as HF does, then only the kept rows, at their own positions.
        using var noGrad = no_grad();
        var model = vlm.Model;
        var prompt = vlm.Format.Build(Question, VisionLayout.AnyRes(image.AnyRes!).TokenCount);
        var ids = tensor(prompt.Ids).unsqueeze(0);
        var embeds = model.ScatterImageTokens(ids, model.EmbedTokens(ids), model.EncodeAnyRes(image.Pixels, image.AnyRes!), prompt.ImageCount);
        var rows = Enumerable.Range(0, prompt.ImageStart).Select(i => (long)i)
            .Concat(result.KeptIndices.Select(i => prompt.ImageStart + i))
            .Concat(Enumerable.Range(prompt.ImageStart + prompt.ImageCount, prompt.Length - prompt.ImageStart - prompt.ImageCount).Select(i => (long)i)).ToArray();
        var kept = embeds.index_select(1, tensor(rows));
        var logits = model.Logits(model.Forward(kept, tensor(rows).unsqueeze(0)).Hidden);
        Assert.That(result.Tokens, Is.EqualTo(new[] { (int)logits[0, -1].argmax().item<long>() }));
        model.Dispose();
    }

    [Test]
    public void OneViewPixelsForAnAnyResModelAreRefused()
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        Assert.That(() => new AsymPipeline(vlm).Ask(TinyVlm.Pixels(0), Question, new RequestOptions()),
            Throws.ArgumentException.With.Message.Contains("llava_next").And.Message.Contains("without a layout"));
        vlm.Model.Dispose();
    }
}

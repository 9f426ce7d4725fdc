using AsymVLM.Data.Images;
using AsymVLM.Inference.Selection;
using AsymVLM.Tests.Model;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Selection;

/// <summary>A sample's vision layout: one grid for LLaVA, the base view and the unpadded tile map with newlines for LLaVA-NeXT.</summary>
public class VisionLayoutTests : TorchScopedTest
{
    [TestCase(40, 90)]
    [TestCase(70, 30)]
    [TestCase(33, 33)]
    public void AnAnyResLayoutCountsTheTokensTheModelPacks(int height, int width)
    {
        var config = TinyConfigs.LlavaNext();
        var anyRes = AnyResLayout.For(height, width, config.ImageGridPinpoints, 32, 4);
        var layout = VisionLayout.AnyRes(anyRes);
        Assert.That(layout.TokenCount, Is.EqualTo(anyRes.ImageTokens(16)));
        var patches = layout.PatchTokens();
        var newlines = layout.NewlineTokens();
        Assert.That(patches, Has.Length.EqualTo(layout.PatchCount));
        Assert.That(newlines, Has.Length.EqualTo(anyRes.Unpadded.Height));
        // Patches and newlines tile the image tokens exactly, and each newline closes a map row (HF pack_image_features).
        Assert.That(patches.Concat(newlines).Order(), Is.EqualTo(Enumerable.Range(0, layout.TokenCount).Select(i => (long)i)));
        int stride = anyRes.Unpadded.Width + 1;
        Assert.That(newlines, Is.EqualTo(Enumerable.Range(1, newlines.Length).Select(r => 16L + r * stride - 1)));
    }

    [Test]
    public void ViewsThatDoNotFollowEachOtherAreRefused() =>
        Assert.That(() => new VisionLayout([new VisionView(0, 4, 4, false), new VisionView(15, 2, 2, true)]),
            Throws.ArgumentException.With.Message.Contains("starts at token 15, expected 16"));

    static SelectionInput TwoViews(int seed)
    {
        var layout = new VisionLayout([new VisionView(0, 4, 4, false), new VisionView(16, 3, 5, true)]);
        var g = new Generator((ulong)seed);
        int n = layout.PatchCount;
        return new SelectionInput(randn([n, 16], generator: g), randn([5, 16], generator: g), randn([n], generator: g).softmax(0), layout,
            AnswerTokens: [0, 5, 20]);
    }

    [Test]
    public void TheUniformGridSpreadsItsBudgetOverEachViewsOwnGrid()
    {
        // 8 of 16 + 15 patches: 4.13 and 3.87 by share, so 4 in each view, each laid on that view's grid.
        var kept = new UniformGridSelector().Select(TwoViews(1), 8).Indices;
        Assert.That(kept.Count(i => i < 16), Is.EqualTo(4));
        Assert.That(kept.Where(i => i < 16), Is.EqualTo(new long[] { 5, 7, 13, 15 }));     // the 4 x 4 lattice of the base view
        Assert.That(kept.Where(i => i >= 16).Select(i => i - 16), Is.EqualTo(new long[] { 1, 3, 11, 13 })); // 2 x 2 on the 3 x 5 map
    }

    static IEnumerable<string> Selectors() => ["none", "random", "uniform", "visionzip", "divprune", "cls-attention", "oracle"];

    [TestCaseSource(nameof(Selectors))]
    public void EverySelectorKeepsAQuarterOfAMultiViewInput(string name)
    {
        var registry = VisionSelectorRegistry.WithBaselines();
        registry.Register(EncoderAttentionSelector.MethodName, _ => new EncoderAttentionSelector());
        registry.Register(OracleSelector.MethodName, _ => new OracleSelector(null));
        var input = TwoViews(2);
        int keep = input.TokenCount / 4;
        var kept = registry.Create(name, 7).Select(input, keep).Indices;
        Assert.That(kept, Has.Length.EqualTo(name == "none" ? input.TokenCount : keep));
        Assert.That(kept, Is.Unique.And.Ordered.And.All.InRange(0L, input.TokenCount - 1L));
    }
}

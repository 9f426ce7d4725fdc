using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Selection;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Pipeline;

/// <summary>
/// The CLS attention of an AnyRes model's views (CLIP towers), packed in patch order as the tokens are: <c>visionzip</c>
/// and <c>cls-attention</c> rank the patches and keep every <c>image_newline</c>; a SigLIP tower (no CLS) is refused.
/// </summary>
public class AnyResEncoderAttentionTests
{
    const string Question = "what is the value of TOTAL?";

    static IEnumerable<TestCaseData> TypesAndSizes() =>
        from type in TinyAnyRes.Types
        from size in TinyAnyRes.Sizes
        select new TestCaseData(type, size.Height, size.Width);

    [TestCaseSource(nameof(TypesAndSizes))]
    public void ThePackedAttentionIsEachViewsOwnAtItsPatchPositions(string type, int height, int width)
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip, type);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        using var image = vlm.Images.FromRgbImage(TinyAnyRes.Image((height, width), seed: 8));
        using var noGrad = no_grad();
        var anyRes = image.AnyRes!;
        var layout = VisionLayout.AnyRes(anyRes);
        var packed = vlm.Model.EncodeAnyRes(image.Pixels, anyRes, true).EncoderAttention!;
        Assert.That(packed.shape, Is.EqualTo(new long[] { 1, layout.PatchCount }), "one score per patch, no newline");

        // Reference: each view encoded alone by the single-view path, its CLS attention over its own patches summing to 1.
        int g = vlm.Model.Config.Vision.GridSize;
        float[] View(int v)
        {
            var a = vlm.Model.EncodeImage(image.Pixels[v..(v + 1)], true).EncoderAttention![0];
            return (a / a.sum()).data<float>().ToArray();
        }
        var actual = packed[0].data<float>().ToArray();
        var baseView = View(0);
        foreach (var p in new[] { 0, g + 1, g * g - 1 })
            Assert.That(actual[p], Is.EqualTo(baseView[p]).Within(1e-6), $"base view patch {p}");
        Assert.That(actual[..(g * g)].Sum(), Is.EqualTo(1).Within(1e-5), "the base view's attention sums to 1 over its patches");

        var (top, mapHeight, left, mapWidth) = anyRes.Unpadded;
        var (packedHeight, packedWidth) = anyRes.Packed;
        if ((packedHeight, packedWidth) == (mapHeight, mapWidth))
        {
            // The unpadded map: position (r, c) is patch ((r + top) % g, (c + left) % g) of tile ((r + top) / g, (c + left) / g).
            foreach (var (r, c) in new[] { (0, 0), (mapHeight - 1, mapWidth - 1), (mapHeight / 2, mapWidth / 2), (0, mapWidth - 1) })
            {
                int R = r + top, C = c + left, tile = 1 + R / g * anyRes.Columns + C / g;
                Assert.That(actual[g * g + r * mapWidth + c], Is.EqualTo(View(tile)[R % g * g + C % g]).Within(1e-6), $"map ({r}, {c}), tile view {tile}");
            }
        }
        else
        {
            // OneVision's downscale: bilinear, align_corners False, of the unpadded map built from each tile alone.
            var map = new float[mapHeight, mapWidth];
            for (int r = 0; r < mapHeight; r++)
                for (int c = 0; c < mapWidth; c++)
                {
                    int R = r + top, C = c + left;
                    map[r, c] = View(1 + R / g * anyRes.Columns + C / g)[R % g * g + C % g];
                }
            static (int, int, double) Source(int dst, int input, int output)
            {
                double s = Math.Max(0, (dst + 0.5) * input / output - 0.5);
                int i0 = Math.Min((int)s, input - 1);
                return (i0, Math.Min(i0 + 1, input - 1), s - i0);
            }
            foreach (var (r, c) in new[] { (0, 0), (packedHeight - 1, packedWidth - 1), (packedHeight / 2, packedWidth / 2) })
            {
                var (y0, y1, wy) = Source(r, mapHeight, packedHeight);
                var (x0, x1, wx) = Source(c, mapWidth, packedWidth);
                double expected = (1 - wy) * ((1 - wx) * map[y0, x0] + wx * map[y0, x1]) + wy * ((1 - wx) * map[y1, x0] + wx * map[y1, x1]);
                Assert.That(actual[g * g + r * packedWidth + c], Is.EqualTo(expected).Within(1e-6), $"packed map ({r}, {c})");
            }
        }
        vlm.Model.Dispose();
    }

    static IEnumerable<TestCaseData> TypesAndSelectors() =>
        from type in TinyAnyRes.Types
        from selector in new[] { VisionZipSelector.MethodName, EncoderAttentionSelector.MethodName }
        select new TestCaseData(type, selector);

    [TestCaseSource(nameof(TypesAndSelectors))]
    public void APrunedAnswerKeepsEveryNewlineAndAQuarterOfThePatches(string type, string selector)
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip, type);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        using var image = vlm.Images.FromRgbImage(TinyAnyRes.Image(TinyAnyRes.Wide, seed: 5));
        var options = new RequestOptions { Selector = selector, Budget = VisionBudget.OfRatio(0.25), Generation = new GenerationOptions { MaxNewTokens = 4 } };
        var result = new AsymPipeline(vlm).Ask(image, Question, options);

        var layout = VisionLayout.AnyRes(image.AnyRes!);
        var newlines = layout.NewlineTokens();
        int patches = (int)Math.Round(0.25 * layout.PatchCount);
        Assert.That(result.KeptIndices, Is.Unique.And.Ordered.And.All.InRange(0L, layout.TokenCount - 1L));
        Assert.That(result.KeptIndices, Is.SupersetOf(newlines));
        Assert.That(result.KeptIndices.Except(newlines).Count(), Is.EqualTo(patches));
        Assert.That((result.Stats.VisionTokensKept, result.Stats.VisionBudget), Is.EqualTo((patches + newlines.Length, patches)));
        if (selector == EncoderAttentionSelector.MethodName)
        {
            // cls-attention keeps the top patches of the packed attention, mapped to image tokens.
            using var noGrad = no_grad();
            var attention = vlm.Model.EncodeAnyRes(image.Pixels, image.AnyRes!, true).EncoderAttention![0];
            var slots = layout.PatchTokens();
            var top = attention.topk(patches).indexes.data<long>().Select(p => slots[p]);
            Assert.That(result.KeptIndices.Except(newlines), Is.EquivalentTo(top));
        }
        vlm.Model.Dispose();
    }

    [TestCaseSource(nameof(TypesAndSelectors))]
    public void ASiglipTowerIsRefusedNamingTheSelector(string type, string selector)
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Siglip, type);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        using var image = vlm.Images.FromRgbImage(TinyAnyRes.Image(TinyAnyRes.Wide, seed: 5));
        var options = new RequestOptions { Selector = selector, Budget = VisionBudget.OfRatio(0.25) };
        Assert.That(() => new AsymPipeline(vlm).Ask(image, Question, options),
            Throws.InstanceOf<NotSupportedException>().With.Message.Contains($"'{selector}'").And.Message.Contains(type).And.Message.Contains("no CLS token"));
        vlm.Model.Dispose();
    }
}

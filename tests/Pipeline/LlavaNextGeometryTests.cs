using AsymVLM.Data.Images;
using AsymVLM.Inference.Benchmarks;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Selection;

namespace AsymVLM.Tests.Pipeline;

/// <summary>bench-load's llava-next geometry: llava_next with llava-v1.6's pinpoints, whose 672 x 672 image fills 2928 image tokens that fit its positions.</summary>
public class LlavaNextGeometryTests
{
    [Test]
    public void A672ImageGives2928ImageTokensWithinThePositions()
    {
        var config = LoadBenchmark.LlavaNextGeometry();
        Assert.That(config.ModelType, Is.EqualTo(LlavaConfig.LlavaNext));
        Assert.That(config.ImageGridPinpoints, Is.EqualTo(new[] { (336, 672), (672, 336), (672, 672), (1008, 336), (336, 1008) }));
        var layout = VisionLayout.AnyRes(AnyResLayout.For(672, 672, config.ImageGridPinpoints, config.Vision.ImageSize, config.Vision.GridSize, config.MaxNumPatches));
        Assert.That((layout.TokenCount, layout.PatchCount, layout.NewlineTokens().Length), Is.EqualTo((2928, 576 + 2304, 48)));
        Assert.That(config.Text.MaxPositionEmbeddings, Is.GreaterThan(2928 + 64));
        var llava15 = LoadBenchmark.Llava15Geometry();
        Assert.That((config.Vision, config.Text with { MaxPositionEmbeddings = 2048 }), Is.EqualTo((llava15.Vision, llava15.Text)), "otherwise LLaVA-1.5's geometry");
    }
}

using AsymVLM.Data.Images;
using AsymVLM.Inference.Cost;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Scoring;
using AsymVLM.Tests.Pipeline;
using AsymVLM.Training.Distillation;

namespace AsymVLM.Tests.Distillation;

/// <summary>The held-out report's head-FLOPs share counts the tower once per view it encodes: on AnyRes, the base view and every tile.</summary>
public class HeadFlopsShareTests
{
    [Test]
    public void AnAnyResShareCountsTheBaseViewAndEveryTile()
    {
        var config = TinyAnyRes.Config(VisionConfig.Clip);
        using var head = new ImportanceHead(new ImportanceHeadConfig { InputSize = config.Text.HiddenSize, Width = 8, GridHeight = 4, GridWidth = 4, RowKernel = 3 });
        // By hand: a 128 x 128 image in the 64 x 64 pinpoint of 32-pixel tiles (4 x 4 patches each) is 2 x 2 tiles, so
        // 5 views; 16 base patches, an 8 x 8 map with nothing to unpad and 8 newlines: 80 patches, 88 image tokens.
        var layout = new AnyResLayout(128, 128, 64, 64, 32, 4);
        const int questionTokens = 7;
        var flops = new FlopCounter(config);
        double expected = (double)head.Flops(80, questionTokens) / (5 * flops.VisionEncoder() + flops.Prefill(88 + questionTokens + 3));
        Assert.That(HeldOutReport.HeadFlopsShare(head, config, layout, questionTokens), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void AOneViewShareCountsTheTowerOnce()
    {
        var config = TinyAnyRes.Config(VisionConfig.Clip) with { ModelType = LlavaConfig.Llava };
        using var head = new ImportanceHead(new ImportanceHeadConfig { InputSize = config.Text.HiddenSize, Width = 8, GridHeight = 4, GridWidth = 4, RowKernel = 3 });
        var flops = new FlopCounter(config);
        double expected = (double)head.Flops(16, 7) / (flops.VisionEncoder() + flops.Prefill(16 + 7 + 3));
        Assert.That(HeldOutReport.HeadFlopsShare(head, config, null, 7), Is.EqualTo(expected).Within(1e-12));
    }
}

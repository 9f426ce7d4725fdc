using AsymVLM.Inference.Cost;
using AsymVLM.Inference.Model;

namespace AsymVLM.Tests.Model;

/// <summary>
/// FLOPs accounting from the config alone (it holds for any scorer, so it is a unit test, not a regression check):
/// pruning vision tokens before prefill saves in proportion to the tokens dropped, and on LLaVA-1.5 geometry keeping a
/// quarter of the 576 vision tokens saves the paper's headline share of a short request's FLOPs.
/// </summary>
public class FlopCounterTests
{
    static LlavaConfig Llava15() => new()
    {
        Vision = new VisionConfig { HiddenSize = 1024, IntermediateSize = 4096, NumHiddenLayers = 24, NumAttentionHeads = 16, ImageSize = 336, PatchSize = 14 },
        Text = new TextConfig
        {
            VocabSize = 32064, HiddenSize = 4096, IntermediateSize = 11008, NumHiddenLayers = 32, NumAttentionHeads = 32,
            NumKeyValueHeads = 32, HeadDim = 128, MaxPositionEmbeddings = 4096,
        },
        ImageTokenIndex = 32000,
        VisionFeatureLayers = [-2],
        VisionFeatureSelectStrategy = "default",
    };

    // Encoder + prefill of text and kept vision tokens + a short answer's decode, as the pipeline counts a request.
    static long Request(FlopCounter f, LlavaConfig c, int textTokens, int keptVision, int answerTokens)
    {
        long prompt = textTokens + keptVision, layers = c.Text.NumHiddenLayers;
        long decode = Enumerable.Range(0, answerTokens).Sum(s => f.DecodeStep(Enumerable.Repeat(prompt + s + 1, (int)layers).ToArray()));
        return f.VisionEncoder() + f.Prefill(prompt) + decode;
    }

    [Test]
    public void KeepingAQuarterOfLlava15sVisionTokensSavesTheHeadlineShare()
    {
        var c = Llava15();
        var f = new FlopCounter(c);
        double saved = 1 - (double)Request(f, c, 40, 144, 8) / Request(f, c, 40, 576, 8);
        Assert.That(saved, Is.GreaterThanOrEqualTo(0.54).And.LessThan(0.75), $"saved {saved:P1}");
    }

    [Test]
    public void PrefillGrowsWithTokensAndAttentionWithKeysSeen()
    {
        var f = new FlopCounter(TinyConfigs.Llava());
        var prefill = Enumerable.Range(1, 50).Select(n => f.Prefill(n)).ToArray();
        Assert.That(prefill, Is.Ordered.Ascending.And.Unique);
        // Dense work is linear in the tokens; the causal attention adds the quadratic part.
        Assert.That(f.Prefill(40) - 2 * f.Prefill(20) + f.Head(), Is.GreaterThan(0));
        Assert.That(f.LayerDense(20), Is.EqualTo(2 * f.LayerDense(10)));
        Assert.That(f.DecodeStep([10, 10, 10]), Is.LessThan(f.DecodeStep([20, 20, 20])));
    }
}

using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Model;

public class KvCacheDecodeTests
{
    [TestCase("llama", 2)]
    [TestCase("qwen2", 4)]
    public void IncrementalDecodeReproducesFullForwardLogits(string textType, int kvHeads)
    {
        manual_seed(0);
        using var model = new LlavaModel(TinyConfigs.Llava(textType, kvHeads));
        model.eval();
        using var noGrad = no_grad();
        var ids = randint(0, 90, [1, 30], dtype: int64);
        var embeds = model.EmbedTokens(ids);
        var positions = arange(30, dtype: int64).unsqueeze(0);
        var full = model.Logits(model.Forward(embeds, positions).Hidden);

        using var cache = new KvCache(model.Decoder.LayerCount);
        // Prefill 20 tokens, then a chunk of 4 (explicit position mask), then one token at a time.
        long[] at = positions[0].data<long>().ToArray();
        var parts = new List<Tensor> { model.Logits(model.Forward(embeds[.., ..20], at[..20], cache).Hidden) };
        parts.Add(model.Logits(model.Forward(embeds[.., 20..24], at[20..24], cache).Hidden));
        for (int t = 24; t < 30; t++)
            parts.Add(model.Logits(model.Forward(embeds[.., t..(t + 1)], at[t..(t + 1)], cache).Hidden));
        var incremental = cat(parts, 1);

        double maxDiff = (full - incremental).abs().max().item<float>();
        Assert.That(maxDiff, Is.LessThan(1e-4), $"max abs diff {maxDiff}");
        Assert.That(cache[0].Count, Is.EqualTo(30));
    }

    [Test]
    public void CapturedAttentionMatchesFusedOutputAndIsADistribution()
    {
        manual_seed(1);
        using var model = new LlavaModel(TinyConfigs.Llava());
        model.eval();
        using var noGrad = no_grad();
        var ids = randint(0, 90, [2, 12], dtype: int64);
        var embeds = model.EmbedTokens(ids);
        var positions = arange(12, dtype: int64).unsqueeze(0).expand(2, -1);
        var plain = model.Forward(embeds, positions);
        var captured = model.Forward(embeds, positions, capture: new(new HashSet<int> { 0, 2 }, 8, 12));

        Assert.That((plain.Hidden - captured.Hidden).abs().max().item<float>(), Is.LessThan(1e-5));
        var a = captured.Attention[2];
        Assert.That(a.shape, Is.EqualTo(new long[] { 2, 4, 12 }));
        Assert.That((a.sum([-1]) - 1).abs().max().item<float>(), Is.LessThan(1e-5));
        // Causal: query slot 8 gives no weight to keys 9..11.
        Assert.That(a[.., 0, 9..].abs().max().item<float>(), Is.EqualTo(0f));
    }
}

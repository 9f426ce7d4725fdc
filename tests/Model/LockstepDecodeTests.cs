using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Model;

/// <summary>A lockstep decode step gives every row, to the bit, what that row's one-sequence step gives.</summary>
public class LockstepDecodeTests
{
    [TestCase("llama", 2)]
    [TestCase("qwen2", 4)] // biased projections
    public void EveryRowIsItsOneSequenceStepExactly(string textType, int kvHeads)
    {
        manual_seed(5);
        using var model = new LlavaModel(TinyConfigs.Llava(textType, kvHeads));
        model.eval();
        using var noGrad = no_grad();
        // Three sequences with caches of different lengths (as evictions leave them), one step each at position 30.
        int[] lengths = [12, 20, 27];
        var everyLayer = new AttentionCapture(Enumerable.Range(0, model.Decoder.LayerCount).ToHashSet(), 0, 1);
        AttentionCapture?[] captures = [everyLayer, null, everyLayer];
        KvCache Prefilled(int length)
        {
            var cache = new KvCache(model.Decoder.LayerCount);
            model.Forward(model.EmbedTokens(randint(5, 90, [1, length], dtype: int64)), Enumerable.Range(0, length).Select(i => (long)i).ToArray(), cache);
            return cache;
        }
        var alone = lengths.Select(Prefilled).ToArray();
        var together = alone.Select(c => c.Clone()).ToArray();
        var next = randint(5, 90, [3, 1], dtype: int64);

        var rows = model.ForwardRows(model.EmbedTokens(next), 30, together, captures);

        for (int r = 0; r < 3; r++)
        {
            var one = model.Forward(model.EmbedTokens(next[r..(r + 1)]), [30L], alone[r], captures[r]);
            Assert.That(rows[r].Hidden.eq(one.Hidden).all().item<bool>(), $"row {r}: hidden states differ");
            Assert.That(model.Logits(rows[r].Hidden[0, -1]).eq(model.Logits(one.Hidden[0, -1])).all().item<bool>(), $"row {r}: logits differ");
            Assert.That(rows[r].Attention.Keys, Is.EquivalentTo(one.Attention.Keys));
            foreach (var (layer, weights) in one.Attention)
                Assert.That(rows[r].Attention[layer].eq(weights).all().item<bool>(), $"row {r}, layer {layer}: attention differs");
            for (int l = 0; l < model.Decoder.LayerCount; l++)
                Assert.That(together[r][l].Live().Keys.eq(alone[r][l].Live().Keys).all().item<bool>(), $"row {r}, layer {l}: cached keys differ");
        }
        foreach (var cache in alone.Concat(together)) cache.Dispose();
    }
}

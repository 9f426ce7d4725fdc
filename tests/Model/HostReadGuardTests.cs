using TorchSharp;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;
using AsymVLM.Inference.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Model;

/// <summary>
/// The decode hot path (cached forward, attention capture, the eviction statistics) must not read device data on the
/// host: <c>data&lt;T&gt;()</c> throws on a CUDA tensor. Without a GPU, the same holds on the meta device, whose tensors
/// have shapes but no storage, so any host read there throws too. Every layer's attention is captured, so it runs the
/// explicit softmax path (this libtorch has no meta kernel for the fused one, a single library call that reads nothing).
/// </summary>
public class HostReadGuardTests
{
    static readonly Device Meta = new(DeviceType.META);

    [Test]
    public void AHostReadOfAMetaTensorThrows()
    {
        using var t = zeros(3, device: Meta);
        Assert.That(() => t.data<float>().ToArray(), Throws.Exception);
        Assert.That(() => t.sum().item<float>(), Throws.Exception);
    }

    [TestCase("llama", 2)]
    [TestCase("qwen2", 4)]
    public void PrefillChunkAndDecodeStepsWithEvictionStatisticsRunWithoutHostReads(string textType, int kvHeads)
    {
        manual_seed(0);
        using var model = new LlavaModel(TinyConfigs.Llava(textType, kvHeads));
        model.eval();
        model.to(Meta);
        using var noGrad = no_grad();
        using var cache = new KvCache(model.Decoder.LayerCount);
        long d = model.Config.Text.HiddenSize;
        var everyLayer = new AttentionCapture(Enumerable.Range(0, model.Decoder.LayerCount).ToHashSet(), 0, 1);

        model.Forward(randn(1, 12, d, device: Meta), Enumerable.Range(0, 12).Select(i => (long)i).ToArray(), cache, everyLayer);
        model.Forward(randn(1, 3, d, device: Meta), [12, 13, 14], cache, everyLayer); // a chunk after the prefill: the position mask
        for (long next = 15; next < 18; next++)
        {
            var step = model.Forward(randn(1, 1, d, device: Meta), [next], cache, everyLayer);
            var attention = DecodeMonitor.TextAttention(step.Attention, cache, [8, 9, 10, 11]);
            Assert.That(attention.device.type, Is.EqualTo(DeviceType.META));
            Assert.That(attention.shape, Is.EqualTo(new long[] { 4 }));
            cache.Remove(new HashSet<long> { next - 6 }); // eviction edits the cache by host positions alone
        }
        Assert.That(cache[0].Positions, Is.EquivalentTo(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 16, 17 }.Except([9L, 10, 11])));
    }

    [Test]
    public void EvictionReadsAttentionFromTheDeviceOnlyAtAStepOverTheTextBudget()
    {
        manual_seed(0);
        using var model = new LlavaModel(TinyConfigs.Llava());
        model.eval();
        model.to(Meta);
        using var noGrad = no_grad();
        using var cache = new KvCache(model.Decoder.LayerCount);
        long d = model.Config.Text.HiddenSize;
        var vision = Enumerable.Range(0, 8).Select(i => (long)i).ToHashSet(); // positions 0..7 are the image, 8..11 the question
        using var monitor = new DecodeMonitor(new Inference.Eviction.TemporalThresholdPolicy(), textBudget: 8, vision, model.Decoder.LayerCount);
        model.Forward(randn(1, 12, d, device: Meta), Enumerable.Range(0, 12).Select(i => (long)i).ToArray(), cache, monitor.CaptureFor(0));

        // 4 question entries, plus one per step: 5..8 text entries after steps 0..3, within the budget, so nothing is read
        // (a read would throw on meta).
        for (int step = 0; step < 4; step++)
            monitor.AfterStep(step, model.Forward(randn(1, 1, d, device: Meta), [12L + step], cache, monitor.CaptureFor(step)), cache);
        // The fifth step puts 9 text entries over the budget of 8: now the policy needs its attention on the host.
        var over = model.Forward(randn(1, 1, d, device: Meta), [16L], cache, monitor.CaptureFor(4));
        Assert.That(() => monitor.AfterStep(4, over, cache), Throws.Exception);
    }

    // On the CPU: without a capture the step takes the fused attention, which has no meta kernel here.
    [Test]
    public void APolicyThatKeepsByPositionEvictsWithoutCapturingAttention()
    {
        manual_seed(0);
        using var model = new LlavaModel(TinyConfigs.Llava());
        model.eval();
        using var noGrad = no_grad();
        using var cache = new KvCache(model.Decoder.LayerCount);
        long d = model.Config.Text.HiddenSize;
        var vision = Enumerable.Range(0, 8).Select(i => (long)i).ToHashSet();
        using var monitor = new DecodeMonitor(new Inference.Eviction.StreamingLlmPolicy(sinks: 2), textBudget: 5, vision, model.Decoder.LayerCount);
        model.Forward(randn(1, 12, d, device: CPU), Enumerable.Range(0, 12).Select(i => (long)i).ToArray(), cache);

        for (int step = 0; step < 6; step++)
        {
            Assert.That(monitor.CaptureFor(step), Is.Null);
            monitor.AfterStep(step, model.Forward(randn(1, 1, d, device: CPU), [12L + step], cache, monitor.CaptureFor(step)), cache);
        }
        // 4 question entries + 6 generated, kept to 2 sinks and the 3 newest.
        Assert.That(cache[0].Positions.Where(p => !vision.Contains(p)), Is.EquivalentTo(new long[] { 8, 9, 15, 16, 17 }));
        Assert.That(monitor.Evicted, Is.EqualTo(5));
    }
}

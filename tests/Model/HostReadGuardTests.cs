using TorchSharp;
using AsymVLM.Inference.Eviction;
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
    public void PrefillChunkAndBoundedDecodeStepsWithEvictionRunWithoutHostReads(string textType, int kvHeads)
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
        var vision = Enumerable.Range(0, 8).Select(i => (long)i).ToHashSet();
        using var slots = new TextSlots(cache, vision, budget: 5, steps: 3);
        for (long next = 15; next < 18; next++)
        {
            slots.Advance(next);
            var step = model.Forward(randn(1, 1, d, device: Meta), [next], cache, everyLayer);
            var attention = slots.Attention(step.Attention);
            Assert.That(attention.device.type, Is.EqualTo(DeviceType.META));
            Assert.That(attention.shape, Is.EqualTo(new long[] { slots.Count }));
            slots.Evict(new TovaPolicy().SelectEvictions(slots.Entries(attention, 5)));
        }
        // 7 text entries are over the budget of 5 already, so one region slot is enough: later steps reuse evicted slots.
        Assert.That(cache[0].Count, Is.EqualTo(15 + 1));
    }

    [Test]
    public void EvictingDecodeStepsOverTheTextBudgetReadNothingFromTheDevice()
    {
        manual_seed(0);
        using var model = new LlavaModel(TinyConfigs.Llava());
        model.eval();
        model.to(Meta);
        using var noGrad = no_grad();
        using var cache = new KvCache(model.Decoder.LayerCount);
        long d = model.Config.Text.HiddenSize;
        var vision = Enumerable.Range(0, 8).Select(i => (long)i).ToHashSet(); // positions 0..7 are the image, 8..11 the question
        using var monitor = new DecodeMonitor(new TemporalThresholdPolicy(), textBudget: 8, vision, model.Decoder.LayerCount);
        var everyLayer = new AttentionCapture(Enumerable.Range(0, model.Decoder.LayerCount).ToHashSet(), 0, 12);
        model.Forward(randn(1, 12, d, device: Meta), Enumerable.Range(0, 12).Select(i => (long)i).ToArray(), cache, everyLayer);

        // 4 question entries, plus one per step: the fifth step puts 9 text entries over the budget of 8, and every step
        // after it evicts. A read of the attention or of a decision would throw on meta.
        monitor.BeginDecode(cache, 12);
        for (int step = 0; step < 12; step++)
        {
            var capture = monitor.BeforeStep(step, 12L + step);
            Assert.That(capture, Is.Not.Null, "asym reads attention");
            monitor.AfterStep(step, model.Forward(randn(1, 1, d, device: Meta), [12L + step], cache, capture), cache);
        }
        // The decode's one read, once it is over: the eviction count (the peak is known on the host).
        Assert.That(() => monitor.Finish(cache), Throws.Exception);
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
        using var monitor = new DecodeMonitor(new StreamingLlmPolicy(sinks: 2), textBudget: 5, vision, model.Decoder.LayerCount);
        model.Forward(randn(1, 12, d, device: CPU), Enumerable.Range(0, 12).Select(i => (long)i).ToArray(), cache);

        monitor.BeginDecode(cache, 6);
        for (int step = 0; step < 6; step++)
        {
            var capture = monitor.BeforeStep(step, 12L + step);
            Assert.That(capture, Is.Null);
            monitor.AfterStep(step, model.Forward(randn(1, 1, d, device: CPU), [12L + step], cache, capture), cache);
        }
        // 4 question entries + 6 generated, kept to 2 sinks and the 3 newest; the peak is the budget and the step's own entry.
        var footprint = monitor.Finish(cache);
        Assert.That(footprint.Evicted, Is.EqualTo(5));
        Assert.That(footprint.PeakEntries, Is.EqualTo(model.Decoder.LayerCount * (8 + 6)));
    }
}

using AsymVLM.Inference.Eviction;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;
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

    [TestCase("llama", 2)]
    [TestCase("qwen2", 4)]
    public void BoundedDecodeAfterEvictionMatchesTheSameEntriesInPositionOrder(string textType, int kvHeads)
    {
        manual_seed(2);
        using var model = new LlavaModel(TinyConfigs.Llava(textType, kvHeads));
        model.eval();
        using var noGrad = no_grad();
        var embeds = model.EmbedTokens(randint(0, 90, [1, 23], dtype: int64));
        long[] all = Enumerable.Range(0, 23).Select(i => (long)i).ToArray();
        var vision = all[..8].ToHashSet();

        // The bounded decode evicts prompt entries 9 and 15 after its first step; the next steps reuse their slots, so the
        // slots leave position order. The reference holds the same entries in position order in a plain cache.
        using var bounded = new KvCache(model.Decoder.LayerCount);
        model.Forward(embeds[.., ..20], all[..20], bounded);
        using var slots = new TextSlots(bounded, vision, budget: 12, steps: 3);
        var boundedLogits = new List<Tensor>();
        foreach (long next in new long[] { 20, 21, 22 })
        {
            slots.Advance(next);
            boundedLogits.Add(model.Logits(model.Forward(embeds[.., (int)next..(int)(next + 1)], [next], bounded).Hidden));
            if (next == 20)
            {
                var entries = slots.Entries(null, 12);
                slots.Evict(entries.Live & ((entries.Positions == 9) | (entries.Positions == 15)));
            }
        }
        Assert.That(bounded[0].Count, Is.EqualTo(20 + 1), "the two steps after the eviction wrote into the slots it freed");

        var kept = all[..21].Where(p => p != 9 && p != 15).ToArray();
        using var reference = new KvCache(model.Decoder.LayerCount);
        model.Forward(embeds[.., ..20], all[..20], reference);
        model.Forward(embeds[.., 20..21], [20L], reference);
        using var fresh = new KvCache(model.Decoder.LayerCount);
        for (int l = 0; l < fresh.LayerCount; l++)
        {
            var (k, v) = reference[l].Live();
            fresh[l].Append(k.index_select(2, tensor(kept)), v.index_select(2, tensor(kept)), kept);
        }
        foreach (long next in new long[] { 21, 22 })
        {
            var b = model.Logits(model.Forward(embeds[.., (int)next..(int)(next + 1)], [next], fresh).Hidden);
            Assert.That((boundedLogits[(int)(next - 20)] - b).abs().max().item<float>(), Is.LessThan(1e-5), $"step at position {next}");
        }
    }

    [Test]
    public void CapturedDecodeAttentionIsTheHeadMeanOfTheLastQueryOfAFullForward()
    {
        manual_seed(3);
        using var model = new LlavaModel(TinyConfigs.Llava("llama", 2));
        model.eval();
        using var noGrad = no_grad();
        var embeds = model.EmbedTokens(randint(0, 90, [1, 13], dtype: int64));
        var everyLayer = Enumerable.Range(0, model.Decoder.LayerCount).ToHashSet();
        var full = model.Forward(embeds, arange(13, dtype: int64).unsqueeze(0), capture: new(everyLayer, 12, 13));

        using var cache = new KvCache(model.Decoder.LayerCount);
        model.Forward(embeds[.., ..12], Enumerable.Range(0, 12).Select(i => (long)i).ToArray(), cache);
        var step = model.Forward(embeds[.., 12..], [12L], cache, new AttentionCapture(everyLayer, 0, 1));

        foreach (int layer in everyLayer)
        {
            Assert.That(step.Attention[layer].shape, Is.EqualTo(new long[] { 1, 1, 13 }));
            Assert.That((step.Attention[layer] - full.Attention[layer]).abs().max().item<float>(), Is.LessThan(1e-5), $"layer {layer}");
        }
        Assert.That((step.Hidden[0, -1] - full.Hidden[0, -1]).abs().max().item<float>(), Is.LessThan(1e-4));
    }

    [Test]
    public void TheBuffersGrowByDoubling()
    {
        using var layer = new LayerKv();
        var entry = zeros(1, 2, 1, 4);
        layer.Append(zeros(1, 2, 10, 4), zeros(1, 2, 10, 4), Enumerable.Range(0, 10).Select(i => (long)i).ToArray());
        Assert.That(layer.Capacity, Is.EqualTo(10 + LayerKv.DecodeHeadroom));
        var capacities = new HashSet<long>();
        for (long p = 10; p < 500; p++)
        {
            layer.Append(entry, entry, [p]);
            capacities.Add(layer.Capacity);
        }
        Assert.That(capacities, Is.EquivalentTo(new long[] { 74, 148, 296, 592 }));
    }

    [Test]
    public void AStepsAttentionIsZeroOnEveryDeadSlot()
    {
        using var cache = PrefilledCache();
        // Positions 0..5 are vision, 6..9 the question; budget 6 leaves a region of 3 slots, of which the first step uses one.
        using var slots = new TextSlots(cache, Enumerable.Range(0, 6).Select(i => (long)i).ToHashSet(), budget: 6, steps: 100);
        slots.Advance(10);
        var question7 = slots.Entries(null, 6);
        slots.Evict(question7.Live & (question7.Positions == 7));
        // Weights on every attended slot (the 10 prefill entries and the new one), none zero, as a buggy mask would leave.
        var captured = new Dictionary<int, Tensor> { [0] = arange(1, 12, dtype: float32).view(1, 1, 11), [1] = ones(1, 1, 11) };

        var attention = slots.Attention(captured).data<float>().ToArray();

        // Text slots: the question's 6..9 (7 evicted), then the region (the new entry, two unused).
        Assert.That(attention, Is.EqualTo(new[] { (7f + 1) / 2, 0, (9f + 1) / 2, (10f + 1) / 2, (11f + 1) / 2, 0, 0 }));
    }

    [Test]
    public void ABoundedDecodeReservesItsSlotsOnceAndStaysWithinThemOverALongGeneration()
    {
        using var cache = PrefilledCache();
        var entry = zeros(1, 2, 1, 4);
        // Positions 0..5 are vision, 6..9 the question; budget 6 leaves a region of 3 slots.
        using var slots = new TextSlots(cache, Enumerable.Range(0, 6).Select(i => (long)i).ToHashSet(), budget: 6, steps: 1000);
        long allocated = cache.AllocatedBytes;
        var policy = new StreamingLlmPolicy(sinks: 2);
        for (long p = 10; p < 1010; p++)
        {
            slots.Advance(p);
            for (int l = 0; l < 2; l++) cache[l].Append(entry, entry, [p]);
            slots.Evict(policy.SelectEvictions(slots.Entries(null, 6)));
        }
        Assert.That(cache[0].Count, Is.EqualTo(10 + 3));
        Assert.That(cache.AllocatedBytes, Is.EqualTo(allocated));
        Assert.That((slots.PeakLive, slots.Evicted().item<long>()), Is.EqualTo((7, 4L + 1000 - 6)), "peak live, evicted");
        var live = slots.Entries(null, 6);
        var kept = live.Positions.masked_select(live.Live).data<long>().ToArray();
        Assert.That(kept, Is.EquivalentTo(new long[] { 6, 7, 1006, 1007, 1008, 1009 }));
    }

    // The peak is derived on the host from the policies' contract; here it is held to the device's live count, step by
    // step, for every evicting policy (asym evicts in batches) and for a prompt whose text alone is over the budget.
    [TestCase("asym", 6)]
    [TestCase("h2o", 6)]
    [TestCase("streamingllm", 6)]
    [TestCase("tova", 6)]
    [TestCase("asym", 3)]
    [TestCase("tova", 3)]
    public void TheHostKnownPeakIsTheMostEntriesEverLive(string policyName, int budget)
    {
        manual_seed(0);
        using var cache = PrefilledCache();
        var entry = zeros(1, 2, 1, 4);
        // Positions 0..5 are vision, 6..9 the question's 4 text entries; 40 steps follow.
        using var slots = new TextSlots(cache, Enumerable.Range(0, 6).Select(i => (long)i).ToHashSet(), budget, steps: 40);
        using var policy = TextEvictionPolicyRegistry.WithBuiltIns().Create(policyName);
        long mostLive = 4;
        for (long p = 10; p < 50; p++)
        {
            slots.Advance(p);
            for (int l = 0; l < 2; l++) cache[l].Append(entry, entry, [p]);
            var live = slots.Entries(null, budget).Live;
            mostLive = Math.Max(mostLive, live.sum().item<long>());
            slots.Evict(policy.SelectEvictions(slots.Entries(rand(slots.Count) * live, budget)));
        }
        Assert.That(slots.PeakLive, Is.EqualTo(mostLive));
        Assert.That(slots.Evicted().item<long>(), Is.EqualTo(4 + 40 - slots.Entries(null, budget).Live.sum().item<long>()));
    }

    // Two layers of 10 prefilled entries at positions 0..9 (2 heads of 4 dims).
    static KvCache PrefilledCache()
    {
        var cache = new KvCache(2);
        for (int l = 0; l < 2; l++)
            cache[l].Append(zeros(1, 2, 10, 4), zeros(1, 2, 10, 4), Enumerable.Range(0, 10).Select(i => (long)i).ToArray());
        return cache;
    }
}

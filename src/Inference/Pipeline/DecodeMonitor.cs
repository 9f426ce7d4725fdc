using AsymVLM.Inference.Eviction;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// Watches every decode step: applies the text eviction policy to text entries only (vision positions
/// are never offered to it), and records what the cache held (peak entries/bytes, per-layer context
/// per step for FLOPs accounting). The policy decides on the host, but only at steps over the budget: the steps before
/// one keep their attention on the device and reach the policy together, in one transfer, when it is due (none at all
/// while the text fits). A policy that keeps by position alone gets no attention captured and nothing read.
/// </summary>
public sealed class DecodeMonitor(ITextEvictionPolicy policy, int textBudget, IReadOnlySet<long> visionPositions, int layers) : IDecodeHook, IDisposable
{
    readonly AttentionCapture everyLayer = new(Enumerable.Range(0, layers).ToHashSet(), 0, 1);
    // Without a bounded budget no policy evicts, so no step needs attention captured.
    readonly bool evicts = policy is not NoEvictionPolicy && textBudget > 0 && textBudget != int.MaxValue;
    readonly List<(int Step, List<long> Text, Tensor Attention)> pending = [];

    public long PeakEntries { get; private set; }
    public long PeakBytes { get; private set; }
    public List<long[]> ContextPerStep { get; } = [];
    public int Evicted { get; private set; }

    public void Observe(KvCache cache)
    {
        PeakEntries = Math.Max(PeakEntries, cache.Entries);
        PeakBytes = Math.Max(PeakBytes, cache.Bytes);
    }

    /// <summary>With eviction, the text entries exceed the budget by at most one (the step's own) before a decision.</summary>
    public int MostAdded(KvCache cache, int steps)
    {
        if (!evicts) return steps;
        int text = cache[0].Positions.Count(p => !visionPositions.Contains(p));
        return Math.Clamp(textBudget + 1 - text, 1, Math.Max(steps, 1));
    }

    public AttentionCapture? CaptureFor(int step) => evicts && policy.ReadsAttention ? everyLayer : null;

    public void AfterStep(int step, DecoderResult result, KvCache cache)
    {
        ContextPerStep.Add(Enumerable.Range(0, cache.LayerCount).Select(l => (long)cache[l].Count).ToArray());
        Observe(cache);
        if (!evicts) return;

        // The policy sees the text entries in position order, whatever slots they occupy.
        var held = cache[0].Positions;
        var textSlots = Enumerable.Range(0, held.Length).Where(i => !visionPositions.Contains(held[i])).OrderBy(i => held[i]).ToArray();
        var text = textSlots.Select(i => held[i]).ToList();
        if (!policy.ReadsAttention)
        {
            Evict(policy.SelectEvictions(new EvictionStep(step, text, new float[text.Count], textBudget)), cache);
            return;
        }
        pending.Add((step, text, TextAttention(result.Attention, cache, textSlots).DetachFromDisposeScope()));
        if (text.Count <= textBudget) return;

        // A decision is due: every pending step's attention comes over in one transfer and reaches the policy in order.
        float[] all;
        using (var joined = cat(pending.Select(p => p.Attention).ToList()))
            all = joined.cpu().data<float>().ToArray();
        var evict = new List<long>();
        int at = 0;
        foreach (var (s, ids, _) in pending)
        {
            evict.AddRange(policy.SelectEvictions(new EvictionStep(s, ids, all[at..(at + ids.Count)], textBudget)));
            at += ids.Count;
        }
        Dispose();
        Evict(evict, cache);
    }

    void Evict(IReadOnlyCollection<long> positions, KvCache cache)
    {
        cache.Remove(positions.ToHashSet());
        Evicted += positions.Count;
    }

    /// <summary>Releases the attention of steps no decision needed.</summary>
    public void Dispose()
    {
        foreach (var p in pending) p.Attention.Dispose();
        pending.Clear();
    }

    /// <summary>
    /// The attention the step's query paid to each of layer 0's <paramref name="textSlots"/>, the mean over heads and over
    /// the layers that hold the entry ([T], on the model's device). Layer 0 holds every entry; a layer that holds the same
    /// positions holds them in the same slots (every layer sees the same edits), and one that holds fewer (after FastV)
    /// adds into the slots of its positions. Only host bookkeeping (slot maps, counts) goes to the device.
    /// </summary>
    public static Tensor TextAttention(IReadOnlyDictionary<int, Tensor> attention, KvCache cache, int[] textSlots)
    {
        using var scope = NewDisposeScope();
        var all = cache[0].Positions;
        var device = attention.Values.First().device;
        var sum = zeros(all.Length, device: device);
        int fullLayers = 0;
        float[]? partialHolders = null;
        Dictionary<long, long>? slotOf = null;
        foreach (var (layer, weights) in attention)
        {
            var w = weights[0, 0].to(float32); // [S_layer]
            var positions = cache[layer].Positions;
            if (ReferenceEquals(positions, all) || positions.AsSpan().SequenceEqual(all))
            {
                sum.add_(w);
                fullLayers++;
                continue;
            }
            slotOf ??= all.Select((p, i) => (p, (long)i)).ToDictionary(x => x.p, x => x.Item2);
            partialHolders ??= new float[all.Length];
            var slots = positions.Select(p => slotOf[p]).ToArray();
            sum.index_add_(0, tensor(slots, device: device), w, 1);
            foreach (long slot in slots) partialHolders[slot]++;
        }
        var holders = partialHolders is null
            ? tensor((float)fullLayers, device: device)
            : tensor(partialHolders.Select(h => h + fullLayers).ToArray(), device: device);
        var mean = sum / holders.clamp_min(1);
        return mean.index(tensor(textSlots.Select(i => (long)i).ToArray(), device: device)).MoveToOuterDisposeScope();
    }
}

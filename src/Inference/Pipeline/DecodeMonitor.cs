using AsymVLM.Inference.Eviction;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// Watches every decode step: applies the text eviction policy to text entries only (vision entries are never offered to
/// it), and records what the cache held (per-layer context per step for FLOPs accounting, the peak entries and bytes).
/// With a bounded budget the decode runs on <see cref="TextSlots"/> and the policy decides on the device, so no step reads
/// anything back; the peak is known on the host, and the eviction count comes over once, in <see cref="Finish"/>. A policy that keeps by position
/// alone gets no attention captured. Owns the policy.
/// </summary>
public sealed class DecodeMonitor(ITextEvictionPolicy policy, int textBudget, IReadOnlySet<long> visionPositions, int layers) : IDecodeHook, IDisposable
{
    readonly AttentionCapture everyLayer = new(Enumerable.Range(0, layers).ToHashSet(), 0, 1);
    // Without a bounded budget no policy evicts, so the decode needs no slots.
    readonly bool evicts = policy is not NoEvictionPolicy && textBudget > 0 && textBudget != int.MaxValue;
    TextSlots? slots;
    long peakEntries, visionEntries, entryBytes;

    /// <summary>Slots each layer attended over at each step (what the step's attention cost).</summary>
    public List<long[]> ContextPerStep { get; } = [];

    public void BeginDecode(KvCache cache, int steps)
    {
        Observe(cache);
        if (!evicts || steps < 1) return;
        // What is not a text slot stays put for the whole decode.
        visionEntries = Enumerable.Range(0, cache.LayerCount).Sum(l => (long)cache[l].Positions.Count(visionPositions.Contains));
        slots = new TextSlots(cache, visionPositions, textBudget, steps);
    }

    public AttentionCapture? BeforeStep(int step, long position)
    {
        slots?.Advance(position);
        return slots is not null && policy.ReadsAttention ? everyLayer : null;
    }

    public void AfterStep(int step, DecoderResult result, KvCache cache)
    {
        ContextPerStep.Add(Enumerable.Range(0, cache.LayerCount).Select(l => (long)cache[l].Count).ToArray());
        if (slots is null)
        {
            Observe(cache);
            return;
        }
        using var scope = NewDisposeScope();
        var attention = policy.ReadsAttention ? slots.Attention(result.Attention) : null;
        slots.Evict(policy.SelectEvictions(slots.Entries(attention, textBudget)));
    }

    /// <summary>
    /// The most entries and bytes the cache held over the layers (after a step's write, before its eviction) and the text
    /// entries evicted. A bounded decode's eviction count is read from the device here, once, after its last step.
    /// </summary>
    public DecodeFootprint Finish(KvCache cache) => FinishAll([this], [cache])[0];

    /// <summary>
    /// <see cref="Finish"/> for decodes that ran together (monitor i watched <paramref name="caches"/>[i]): every bounded
    /// decode's eviction count comes over in one transfer, after the last step of all of them.
    /// </summary>
    public static IReadOnlyList<DecodeFootprint> FinishAll(IReadOnlyList<DecodeMonitor> monitors, IReadOnlyList<KvCache> caches)
    {
        var bounded = Enumerable.Range(0, monitors.Count).Where(i => monitors[i].slots is not null).ToArray();
        var evicted = new long[bounded.Length];
        if (bounded.Length > 0)
        {
            using var scope = NewDisposeScope();
            evicted = stack(bounded.Select(i => monitors[i].slots!.Evicted()).ToArray()).cpu().data<long>().ToArray();
        }
        var footprints = monitors.Select(m => new DecodeFootprint(m.peakEntries, m.peakEntries * m.entryBytes, 0)).ToArray();
        for (int b = 0; b < bounded.Length; b++)
        {
            var (m, cache) = (monitors[bounded[b]], caches[bounded[b]]);
            long peak = Math.Max(m.peakEntries, m.visionEntries + cache.LayerCount * (long)m.slots!.PeakLive);
            footprints[bounded[b]] = new DecodeFootprint(peak, peak * m.entryBytes, (int)evicted[b]);
        }
        return footprints;
    }

    void Observe(KvCache cache)
    {
        peakEntries = Math.Max(peakEntries, cache.Entries);
        if (cache.LayerCount > 0) entryBytes = cache[0].EntryBytes;
    }

    public void Dispose()
    {
        slots?.Dispose();
        policy.Dispose();
    }
}

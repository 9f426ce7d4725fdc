using AsymVLM.Inference.Eviction;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;

namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// Watches every decode step: applies the text eviction policy to text entries only (vision positions
/// are never offered to it), and records what the cache held (peak entries/bytes, per-layer context
/// per step for FLOPs accounting).
/// </summary>
public sealed class DecodeMonitor(ITextEvictionPolicy policy, int textBudget, IReadOnlySet<long> visionPositions, int layers) : IDecodeHook
{
    readonly AttentionCapture everyLayer = new(Enumerable.Range(0, layers).ToHashSet(), 0, 1);
    readonly bool evicts = policy is not NoEvictionPolicy;

    public long PeakEntries { get; private set; }
    public long PeakBytes { get; private set; }
    public List<long[]> ContextPerStep { get; } = [];
    public int Evicted { get; private set; }

    public void Observe(KvCache cache)
    {
        PeakEntries = Math.Max(PeakEntries, cache.Entries);
        PeakBytes = Math.Max(PeakBytes, cache.Bytes);
    }

    public AttentionCapture? CaptureFor(int step) => evicts ? everyLayer : null;

    public void AfterStep(int step, DecoderResult result, KvCache cache)
    {
        ContextPerStep.Add(Enumerable.Range(0, cache.LayerCount).Select(l => (long)cache[l].Count).ToArray());
        Observe(cache);
        if (!evicts) return;

        // Mean attention per entry over the layers that hold it ([1, 1, S_layer] per layer).
        var sum = new Dictionary<long, (double Total, int Layers)>();
        foreach (var (layer, weights) in result.Attention)
        {
            var w = weights[0, 0].to(TorchSharp.torch.float32).cpu().data<float>().ToArray();
            var positions = cache[layer].Positions;
            for (int i = 0; i < positions.Length; i++)
            {
                var (t, n) = sum.GetValueOrDefault(positions[i]);
                sum[positions[i]] = (t + w[i], n + 1);
            }
        }
        var text = cache[0].Positions.Where(p => !visionPositions.Contains(p)).ToList();
        var attention = text.Select(p => (float)(sum[p].Total / sum[p].Layers)).ToArray();
        var evict = policy.SelectEvictions(new EvictionStep(step, text, attention, textBudget));
        cache.Remove(evict.ToHashSet());
        Evicted += evict.Count;
    }
}

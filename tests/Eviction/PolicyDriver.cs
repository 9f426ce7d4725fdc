using AsymVLM.Inference.Eviction;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Eviction;

/// <summary>One decode step as a test writes it: the cached text entries' ids in position order and their attention.</summary>
internal sealed record EvictionStep(long[] Ids, float[] Attention, int Budget);

/// <summary>
/// Drives a device policy from host steps the way <see cref="Inference.Model.Cache.TextSlots"/> does: each id keeps the
/// slot it was given, a new id takes the first free slot, and the evicted slots' ids come back. The id is the position.
/// </summary>
internal sealed class PolicyDriver(ITextEvictionPolicy policy, int slots = 128) : IDisposable
{
    readonly long?[] held = new long?[slots];

    public long[] SelectEvictions(EvictionStep step)
    {
        var ids = step.Ids.ToHashSet();
        for (int s = 0; s < slots; s++)
            if (held[s] is long id && !ids.Contains(id)) held[s] = null; // left without the policy: the simulation dropped it
        foreach (long id in step.Ids.Where(id => !held.Contains(id)))
            held[Array.IndexOf(held, null)] = id;
        var attention = new float[slots];
        for (int i = 0; i < step.Ids.Length; i++) attention[Array.IndexOf(held, step.Ids[i])] = step.Attention[i];

        using var scope = NewDisposeScope();
        var entries = new TextEntries(
            tensor(held.Select(h => h is not null).ToArray()),
            tensor(held.Select(h => h ?? 0).ToArray()),
            policy.ReadsAttention ? tensor(attention) : null,
            step.Budget);
        var evict = policy.SelectEvictions(entries).data<bool>().ToArray();
        var evicted = Enumerable.Range(0, slots).Where(s => evict[s]).Select(s => held[s]!.Value).ToArray();
        for (int s = 0; s < slots; s++)
            if (evict[s]) held[s] = null;
        return evicted;
    }

    public void Dispose() => policy.Dispose();
}

using AsymVLM.Inference.Eviction;

namespace AsymVLM.Tests.Eviction;

/// <summary>One simulated decode step: the cache the policy saw, the attention it got, what it evicted.</summary>
internal sealed record SimulatedStep(int Step, long[] Cached, float[] Attention, long[] Evicted)
{
    public long[] Kept => Cached.Except(Evicted).ToArray();
}

/// <summary>
/// Drives a policy the way the decode loop will: a prompt of text entries, then one new entry per step;
/// the newest query's attention over the cached text entries is random with total 0.5 (vision entries
/// take the rest), except where <c>fixedAttention</c> gives an entry a set weight.
/// </summary>
internal static class DecodeSimulation
{
    public const int PromptLength = 6;

    public static IReadOnlyList<SimulatedStep> Run(
        ITextEvictionPolicy policy, int budget, int steps = 60, int seed = 0, Func<long, float?>? fixedAttention = null)
    {
        using var driver = new PolicyDriver(policy);
        var random = new Random(seed);
        var cache = Enumerable.Range(0, PromptLength).Select(i => (long)i).ToList();
        long nextId = PromptLength;
        var record = new List<SimulatedStep>();
        for (int step = 0; step < steps; step++)
        {
            cache.Add(nextId++);
            var weights = cache.Select(_ => (float)random.NextDouble()).ToArray();
            float total = weights.Sum();
            var attention = cache.Select((id, i) => fixedAttention?.Invoke(id) ?? 0.5f * weights[i] / total).ToArray();

            var evicted = driver.SelectEvictions(new EvictionStep(cache.ToArray(), attention, budget));

            record.Add(new SimulatedStep(step, cache.ToArray(), attention, evicted));
            cache.RemoveAll(evicted.Contains);
        }
        return record;
    }
}

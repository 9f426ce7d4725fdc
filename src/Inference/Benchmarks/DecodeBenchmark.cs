using System.Diagnostics;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Eviction;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;
using AsymVLM.Inference.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Benchmarks;

/// <summary>
/// Decode cost per text eviction policy, in one process on one prefill: random prompt embeddings whose first tokens
/// stand for the image (never evicted) are prefilled once, and every policy decodes the same number of steps from its
/// own copy of that cache, through the pipeline's <see cref="DecodeMonitor"/>. Each step's wall time is recorded, so
/// the table shows whether a policy's step gets dearer as the generation grows; repeats run the policies in rotated
/// order and the median counts.
/// </summary>
public sealed class DecodeBenchmark(LlavaModel model, ComputeTarget target)
{
    /// <param name="MsPerStep">mean step time in each of the equal windows the steps are split into, in order</param>
    /// <param name="PeakKvBytes">the most bytes the live cache entries took (what a tight cache holds)</param>
    /// <param name="AllocatedKvBytes">the cache buffers at the end, free capacity included</param>
    public sealed record Row(string Policy, double TokensPerSecond, double[] MsPerStep, long PeakKvBytes, long AllocatedKvBytes, int Evicted);

    public IReadOnlyList<Row> Run(int prefillTokens, int visionTokens, int steps, int textBudget, IReadOnlyList<string> policies, int repeats, int windows = 4)
    {
        int maxPositions = model.Config.Text.MaxPositionEmbeddings;
        if (prefillTokens + steps + 1 > maxPositions)
            throw new ArgumentException($"{prefillTokens} prefill tokens + {steps} decode steps exceed the model's {maxPositions} positions (max_position_embeddings).");
        if (visionTokens > prefillTokens)
            throw new ArgumentOutOfRangeException(nameof(visionTokens), visionTokens, $"more vision tokens than the {prefillTokens} prefill tokens");
        if (steps < windows) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"at least {windows} steps (one per window)");
        var registry = TextEvictionPolicyRegistry.WithBuiltIns();
        foreach (var name in policies) registry.Create(name); // an unknown name fails before the prefill

        using var noGrad = no_grad();
        using var inputs = NewDisposeScope();
        var embeds = randn(1, prefillTokens, model.Config.Text.HiddenSize, target.DType, target.Device); // [1, P, D]
        var positions = Enumerable.Range(0, prefillTokens).Select(i => (long)i).ToArray();
        var vision = positions[..visionTokens].ToHashSet();
        var generator = new TextGenerator(model);
        using var cache = new KvCache(model.Decoder.LayerCount);
        using var prefilled = generator.Prefill(embeds, positions, cache);
        // No stop ids: every run decodes all its steps.
        var options = new GenerationOptions { MaxNewTokens = steps + 1 };

        var runs = policies.ToDictionary(p => p, _ => new List<Row>());
        // Warm-up: a few steps of the first policy (allocator, kernel selection).
        Decode(generator, prefilled, cache, options with { MaxNewTokens = Math.Min(steps, 4 * windows) + 1 }, registry.Create(policies[0]), textBudget, vision, windows);
        for (int r = 0; r < repeats; r++)
            for (int i = 0; i < policies.Count; i++)
            {
                var name = policies[(i + r) % policies.Count];
                runs[name].Add(Decode(generator, prefilled, cache, options, registry.Create(name), textBudget, vision, windows));
            }
        return policies.Select(p => Median(runs[p])).ToList();
    }

    Row Decode(TextGenerator generator, Prefilled prefilled, KvCache prefilledCache, GenerationOptions options,
        ITextEvictionPolicy policy, int textBudget, IReadOnlySet<long> vision, int windows)
    {
        using var cache = prefilledCache.Clone();
        using var monitor = new DecodeMonitor(policy, textBudget, vision, cache.LayerCount);
        var clock = new StepClock(monitor);
        generator.Decode(prefilled, cache, options, clock);
        var ms = clock.StepMs;
        int per = ms.Count / windows;
        var means = Enumerable.Range(0, windows).Select(w => ms.Skip(w * per).Take(per).Average()).ToArray();
        var footprint = monitor.Finish(cache);
        return new Row(policy.Name, 1000 / ms.Average(), means, footprint.PeakBytes, cache.AllocatedBytes, footprint.Evicted);
    }

    static Row Median(List<Row> rows)
    {
        var ordered = rows.OrderBy(r => r.TokensPerSecond).ToList();
        var middle = ordered[ordered.Count / 2];
        var ms = Enumerable.Range(0, middle.MsPerStep.Length).Select(w => rows.Select(r => r.MsPerStep[w]).Order().ElementAt(rows.Count / 2)).ToArray();
        return middle with { MsPerStep = ms };
    }

    /// <summary>Times each decode step from one step's end to the next (forward, eviction and sampling included).</summary>
    sealed class StepClock(DecodeMonitor monitor) : IDecodeHook
    {
        long last = Stopwatch.GetTimestamp();
        public List<double> StepMs { get; } = [];

        public void BeginDecode(KvCache cache, int steps) => monitor.BeginDecode(cache, steps);

        public AttentionCapture? BeforeStep(int step, long position) => monitor.BeforeStep(step, position);

        public void AfterStep(int step, DecoderResult result, KvCache cache)
        {
            monitor.AfterStep(step, result, cache);
            long now = Stopwatch.GetTimestamp();
            if (step > 0) StepMs.Add(Stopwatch.GetElapsedTime(last, now).TotalMilliseconds);
            last = now;
        }
    }
}

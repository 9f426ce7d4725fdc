using AsymVLM.Data.Metrics;
using AsymVLM.Inference.Eviction;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Selection;

namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// Runs every configuration on the same samples through the pipeline, scoring answers with the metric of the sample's
/// task. Each image is preprocessed once, and encoded, selected and prefilled once per vision configuration: the text
/// configurations that share it decode from copies of its cache (<see cref="AsymPipeline.AskEach"/>). Outcomes come
/// sample by sample, in configuration order.
/// </summary>
public sealed class EvalRunner(Vlm vlm, AsymPipeline pipeline, int maxNewTokens, int seed, TextEvictionOptions? textOptions = null)
{
    /// <summary>Fails before any request when a configuration names a selector or policy the pipeline lacks.</summary>
    public void Validate(IEnumerable<EvalConfiguration> configurations)
    {
        foreach (var c in configurations)
        {
            if (!pipeline.SelectorNames.Contains(c.Selector))
                throw new ArgumentException($"Unknown selector '{c.Selector}' (known: {string.Join(", ", pipeline.SelectorNames)}; 'learned' needs --scorer).");
            if (!pipeline.PolicyNames.Contains(c.TextPolicy))
                throw new ArgumentException($"Unknown text policy '{c.TextPolicy}' (known: {string.Join(", ", pipeline.PolicyNames)}).");
        }
    }

    /// <param name="progress">(requests done, requests in all) after each timed request, from the worker that made it</param>
    /// <param name="workers">
    /// samples answered at once, each on its own thread: the outcomes are the same for any number (every request of a
    /// sample runs on one thread, in the same order), while the timings are taken on shared cores
    /// </param>
    public List<SampleOutcome> Run(IReadOnlyList<EvalSample> samples, IReadOnlyList<EvalConfiguration> configurations,
        Action<int, int>? progress = null, int workers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        Validate(configurations);
        if (configurations.Any(c => c.Selector == OracleSelector.MethodName) && samples.FirstOrDefault(s => s.Regions is null) is { } unmarked)
            throw new ArgumentException($"Selector '{OracleSelector.MethodName}' needs the ground-truth answer regions of a benchmark folder " +
                $"(manifest.jsonl 'regions'); sample '{unmarked.Item.Id}' has none (Parquet and LLaVA JSON datasets carry no regions).");
        var byVision = Enumerable.Range(0, configurations.Count)
            .GroupBy(i => (configurations[i].Selector, configurations[i].Keep, configurations[i].Adaptive))
            .Select(g => g.ToArray()).ToList();
        var ofSample = new SampleOutcome[samples.Count][];
        int total = samples.Count * configurations.Count, done = 0;
        // An untimed pass over every configuration first: one-off costs (JIT, first use of each op) would otherwise land on
        // whichever configuration happened to run first. Its decodes stop after a few tokens: the first steps meet every
        // op, and the configurations of a vision group share their decode time anyway (they run in lockstep).
        if (samples.Count > 0) RunSample(samples, 0, configurations, byVision, untimed: true, onRequest: null);
        Parallel.For(0, samples.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, s =>
            ofSample[s] = RunSample(samples, s, configurations, byVision, untimed: false,
                onRequest: () => progress?.Invoke(Interlocked.Increment(ref done), total)));
        return ofSample.SelectMany(o => o).ToList();
    }

    SampleOutcome[] RunSample(IReadOnlyList<EvalSample> samples, int s, IReadOnlyList<EvalConfiguration> configurations,
        List<int[]> byVision, bool untimed, Action? onRequest)
    {
        var sample = samples[s];
        var image = sample.Item.Image.Decode();
        using var pixels = vlm.Images.FromRgbImage(image);
        int grid = vlm.Model.Config.Vision.GridSize;
        var answerTokens = sample.Regions is null ? null
            : AnswerRegionTokens.Of(sample.Regions, ViewProjection.Of(image.Width, image.Height, vlm.Images.Processor, grid, vlm.Model.Config.Vision.PatchSize, pixels.AnyRes));
        var metric = AnswerMetrics.ForTask(sample.Item.Task);
        var similarity = new EditSimilarity();
        var ofSample = new SampleOutcome[configurations.Count];
        for (int step = 0; step < byVision.Count; step++)
        {
            // A rotating start spreads what position in the sequence does to timing (caches) over all configurations.
            var group = byVision[(s + step) % byVision.Count];
            var results = pipeline.AskEach(pixels, sample.Item.Question, group.Select(c => Options(configurations[c], s, answerTokens, untimed ? Math.Min(WarmupTokens, maxNewTokens) : maxNewTokens)).ToList());
            if (untimed) continue;
            for (int j = 0; j < group.Length; j++)
            {
                int c = group[j];
                var result = results[j];
                ofSample[c] = new SampleOutcome(configurations[c], sample, result.Answer,
                    metric.Score(result.Answer, sample.Item.Answers), result.Stats, result.KeptIndices,
                    similarity.Score(result.Answer, sample.Item.Answers));
                onRequest?.Invoke();
            }
        }
        return ofSample;
    }

    /// <summary>New tokens of the untimed first pass's decodes.</summary>
    const int WarmupTokens = 4;

    RequestOptions Options(EvalConfiguration c, int sampleIndex, IReadOnlyList<long>? answerTokens, int newTokens) => new()
    {
        Selector = c.Selector,
        Budget = c.Adaptive ? new VisionBudget { Adaptive = true } : VisionBudget.OfRatio(c.Keep),
        TextPolicy = c.TextPolicy,
        TextBudget = c.TextBudget,
        TextPolicyOptions = textOptions ?? TextEvictionOptions.Defaults,
        Generation = new GenerationOptions { MaxNewTokens = newTokens },
        Seed = SampleSeed(seed, sampleIndex),
        AnswerTokens = answerTokens,
    };

    /// <summary>
    /// The seed of one sample's requests: the same for every configuration of the sample, different across samples,
    /// so the random selector does not drop the same patches on every image.
    /// </summary>
    public static int SampleSeed(int runSeed, int sampleIndex) => unchecked(runSeed * 1_000_003 + sampleIndex);
}

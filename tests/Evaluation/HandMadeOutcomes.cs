using AsymVLM.Data.Datasets;
using AsymVLM.Inference.Evaluation;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Evaluation;

/// <summary>Outcomes built by hand (no model run) for aggregation tests; images are never decoded.</summary>
static class HandMadeOutcomes
{
    public static EvalSample Sample(string id, string family) =>
        new(new EvalItem(id, new ImageFile($"{id}.png"), "q?", ["a"], "exact_match"), family);

    /// <summary>A request that kept <paramref name="kept"/> of 16 vision tokens; the unpruned cost is always 80 + 20 FLOPs.</summary>
    public static SampleOutcome Outcome(EvalConfiguration configuration, EvalSample sample, double score,
        int kept, long prefillFlops, long decodeFlops, double prefillMs, long kvBytes) =>
        new(configuration, sample, score == 1 ? "a" : "b", score,
            new RequestStats(kept, 16, kept, 4 + kept, 3, prefillFlops, decodeFlops, 0, 80, 20,
                1, 0, prefillMs, 2, 4 + kept + 3, kvBytes, 0),
            Enumerable.Range(0, kept).Select(i => (long)i).ToArray());
}

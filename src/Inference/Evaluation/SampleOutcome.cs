using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// One request of the sweep: which configuration and sample, its score (the task's metric), its character-level
/// <see cref="AsymVLM.Data.Metrics.EditSimilarity"/> and its cost.
/// </summary>
public sealed record SampleOutcome(EvalConfiguration Configuration, EvalSample Sample, string Answer, double Score, RequestStats Stats, long[] Kept,
    double Similarity = double.NaN);

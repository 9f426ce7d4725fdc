using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Inference.Evaluation;

/// <summary>One request of the sweep: which configuration and sample, its score and its cost.</summary>
public sealed record SampleOutcome(EvalConfiguration Configuration, EvalSample Sample, string Answer, double Score, RequestStats Stats, long[] Kept);

using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Datasets;

namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// An evaluation item and the family it is reported under (the benchmark family, or the dataset's task), with the
/// pixel boxes that hold its answer where the dataset has them (a benchmark folder's manifest; null otherwise).
/// </summary>
public sealed record EvalSample(EvalItem Item, string Family, IReadOnlyList<Box>? Regions = null);

using AsymVLM.Data.Datasets;

namespace AsymVLM.Inference.Evaluation;

/// <summary>An evaluation item and the family it is reported under (the benchmark family, or the dataset's task).</summary>
public sealed record EvalSample(EvalItem Item, string Family);

namespace AsymVLM.Data.Datasets;

/// <summary>
/// One visual question with its reference answers. <paramref name="Answers"/> holds every reference the metric
/// compares against (TextVQA: 10 human answers, DocVQA: several variants, ChartQA/LLaVA: one).
/// <paramref name="Task"/> names the benchmark family ("textvqa", "docvqa", "chartqa", ...), which picks the metric.
/// </summary>
public sealed record EvalItem(string Id, ImageSource Image, string Question, IReadOnlyList<string> Answers, string Task);

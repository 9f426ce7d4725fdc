namespace AsymVLM.Data.Metrics;

/// <summary>The standard metric of each benchmark family, by the task name carried in <c>EvalItem.Task</c>.</summary>
public static class AnswerMetrics
{
    public static IAnswerMetric ForTask(string task) => task.ToLowerInvariant() switch
    {
        "textvqa" or "vqav2" => new VqaAccuracy(),
        "docvqa" or "infovqa" => new Anls(),
        "chartqa" => new RelaxedAccuracy(),
        "exact_match" => new ExactMatch(),
        _ => throw new ArgumentException(
            $"No metric is registered for task '{task}' (known: textvqa, vqav2, docvqa, infovqa, chartqa, exact_match).", nameof(task)),
    };
}

using System.Text.Json;

namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// answers.jsonl: one row per request (sample × configuration) with the answer given, the reference and its scores, so a
/// run's tables can be traced to the samples behind them (which ones a configuration got wrong, and how).
/// </summary>
public static class AnswerLog
{
    public const string FileName = "answers.jsonl";

    static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string dir, IEnumerable<SampleOutcome> outcomes) =>
        File.WriteAllLines(Path.Combine(dir, FileName), outcomes.Select(o => JsonSerializer.Serialize(new
        {
            id = o.Sample.Item.Id, family = o.Sample.Family, question = o.Sample.Item.Question, metric = o.Sample.Item.Task,
            selector = o.Configuration.Selector, keep = o.Configuration.KeepLabel,
            text_policy = o.Configuration.TextPolicy, text_budget = o.Configuration.TextBudget,
            answer = o.Answer, expected = o.Sample.Item.Answers, score = o.Score, edit_similarity = o.Similarity,
            vision_tokens_kept = o.Stats.VisionTokensKept,
        }, Json)));
}

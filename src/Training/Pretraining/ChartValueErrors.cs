using System.Text.Json;
using AsymVLM.Data.Benchmark;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// Sorts a run's answers to "what is the value of bar X?" by what went wrong, re-drawing each synthetic chart from its
/// sample id: right; another bar's value (the model read a bar, the wrong one: it did not find the bar the question
/// names); or no bar's value (it misread). Which of the two limits charts decides what a recipe should train.
/// </summary>
public static class ChartValueErrors
{
    public sealed record Counts(int Right, int AnotherBar, int NoBar)
    {
        public int Total => Right + AnotherBar + NoBar;
    }

    /// <summary>The chart-value answers among <paramref name="answers"/> (sample id, answer), sorted; other tasks are skipped.</summary>
    public static Counts Classify(IEnumerable<(string Id, string Answer)> answers) => Classify(answers, []);

    // Drawn charts by sample id: an eval's configurations all answer the same samples, and each is drawn once.
    static Counts Classify(IEnumerable<(string Id, string Answer)> answers, Dictionary<string, RenderedSample> drawn)
    {
        int right = 0, anotherBar = 0, noBar = 0;
        foreach (var (id, answer) in answers)
        {
            if (!drawn.TryGetValue(id, out var sample))
                drawn[id] = sample = SyntheticBenchmark.TryParseSampleId(id, out int seed, out int index) ? SyntheticBenchmark.Render(seed, index)
                    : throw new ArgumentException($"'{id}' is not a synthetic benchmark sample id (s<seed>_<index>), so its chart cannot be re-drawn.");
            if (sample.Sample.Task != TaskFamilies.ChartValue) continue;
            var barValues = sample.Questions.Where(q => q.Task == TaskFamilies.ChartValue).Select(q => q.Answer).ToHashSet();
            if (answer == sample.Sample.Answer) right++;
            else if (barValues.Contains(answer)) anotherBar++;
            else noBar++;
        }
        return new Counts(right, anotherBar, noBar);
    }

    /// <summary>
    /// <see cref="Classify"/> for each configuration (selector, keep, text policy and budget) of an eval's answers.jsonl.
    /// </summary>
    public static IReadOnlyList<(string Configuration, Counts Counts)> FromAnswerLog(string path)
    {
        var rows = File.ReadLines(path).Where(line => line.Length > 0).Select((line, i) =>
        {
            try
            {
                var row = JsonDocument.Parse(line).RootElement;
                string Text(string key) => row.GetProperty(key).ToString();
                return (Configuration: $"{Text("selector")} keep {Text("keep")}, text {Text("text_policy")} {Text("text_budget")}", Id: Text("id"), Answer: Text("answer"));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}, line {i + 1}: not an answers.jsonl row ({e.Message}).", e);
            }
        }).ToList();
        var drawn = new Dictionary<string, RenderedSample>();
        return rows.GroupBy(r => r.Configuration)
            .Select(g => (g.Key, Classify(g.Select(r => (r.Id, r.Answer)), drawn))).ToList();
    }
}

using System.Text.Json;
using AsymVLM.Inference.Evaluation;
using static AsymVLM.Tests.Evaluation.HandMadeOutcomes;

namespace AsymVLM.Tests.Evaluation;

public class ResultWriterTests
{
    [Test]
    public void ResultsJsonlHasTheDocumentedKeysAndTablesOneLinePerRow()
    {
        var s = Sample("d1", "d");
        var pruned = new EvalConfiguration("random", 0.5, false, "h2o", 8);
        var rows = ResultTable.Build([Outcome(EvalConfiguration.Unpruned, s, 0, 16, 80, 20, 10, 1000), Outcome(pruned, s, 0, 8, 50, 20, 6, 700)], 20, seed: 0);
        string dir = Directory.CreateTempSubdirectory("asymvlm-eval-").FullName;
        try
        {
            ResultWriter.Write(dir, rows);
            var lines = File.ReadAllLines(Path.Combine(dir, "results.jsonl"));
            Assert.That(lines, Has.Length.EqualTo(rows.Count));
            using var json = JsonDocument.Parse(lines.Last());
            var keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            Assert.That(keys, Is.SupersetOf(new[]
            {
                "selector", "keep", "text_policy", "text_budget", "family", "n", "accuracy", "accuracy_ci_low", "accuracy_ci_high",
                "vision_tokens_kept", "prefill_flops", "total_flops", "flops_saved", "prefill_ms", "speedup", "kv_bytes_peak", "accuracy_retained",
            }));
            var root = json.RootElement;
            Assert.That((root.GetProperty("selector").GetString(), root.GetProperty("keep").GetString(), root.GetProperty("text_budget").GetInt32()),
                Is.EqualTo(("random", "0.5", 8)));
            // The baseline got nothing right: retained accuracy is undefined and written as NaN, not as an error.
            Assert.That(root.GetProperty("accuracy_retained").GetString(), Is.EqualTo("NaN"));
            Assert.That(File.ReadAllLines(Path.Combine(dir, "table.md")), Has.Length.EqualTo(2 + rows.Count));
            Assert.That(File.ReadAllLines(Path.Combine(dir, "table.csv")), Has.Length.EqualTo(1 + rows.Count));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

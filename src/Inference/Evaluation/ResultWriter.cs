using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AsymVLM.Inference.Evaluation;

/// <summary>results.jsonl (one row per configuration and family), table.md and table.csv.</summary>
public static class ResultWriter
{
    // Retained accuracy and speed-up are NaN when the unpruned baseline is 0; they are written as "NaN".
    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string dir, IReadOnlyList<ResultRow> rows)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllLines(Path.Combine(dir, "results.jsonl"), rows.Select(r => JsonSerializer.Serialize(r, Json)));
        File.WriteAllText(Path.Combine(dir, "table.md"), Markdown(rows));
        File.WriteAllText(Path.Combine(dir, "table.csv"), Csv(rows));
    }

    static readonly string[] Headers =
        ["selector", "keep", "text policy", "text budget", "family", "n", "accuracy", "95% CI", "retained", "edit similarity", "vision tokens",
         "prefill GFLOPs", "decode GFLOPs", "total GFLOPs", "FLOPs saved", "prefill ms", "prefill speed-up", "peak KV KiB"];

    static string[] Cells(ResultRow r) =>
    [
        r.Selector, r.Keep, r.TextPolicy, r.TextBudget == 0 ? "all" : r.TextBudget.ToString(), r.Family, r.N.ToString(),
        F("P1", r.Accuracy), $"{F("P1", r.AccuracyCiLow)}–{F("P1", r.AccuracyCiHigh)}", F("P1", r.AccuracyRetained), F("P1", r.EditSimilarity), F("F1", r.VisionTokensKept),
        F("F4", r.PrefillFlops / 1e9), F("F4", r.DecodeFlops / 1e9), F("F4", r.TotalFlops / 1e9), F("P1", r.FlopsSaved),
        F("F2", r.PrefillMs), F("F2", r.Speedup) + "x", F("F0", r.KvBytesPeak / 1024),
    ];

    static string F(string format, double v) => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    public static string Markdown(IEnumerable<ResultRow> rows)
    {
        var md = new StringBuilder("| " + string.Join(" | ", Headers) + " |\n|" + string.Concat(Headers.Select(_ => "---|")) + "\n");
        foreach (var r in rows) md.Append("| " + string.Join(" | ", Cells(r)) + " |\n");
        return md.ToString();
    }

    static string Csv(IEnumerable<ResultRow> rows)
    {
        var csv = new StringBuilder(string.Join(",", Headers.Select(h => $"\"{h}\"")) + "\n");
        foreach (var r in rows) csv.Append(string.Join(",", Cells(r).Select(c => $"\"{c}\"")) + "\n");
        return csv.ToString();
    }
}

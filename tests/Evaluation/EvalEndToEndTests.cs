using System.Text.Json;
using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Cli.Reports;
using AsymVLM.Inference.Evaluation;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Pipeline;
using StbImageSharp;

namespace AsymVLM.Tests.Evaluation;

public class EvalEndToEndTests
{
    [Test]
    public void SweepOnATinyBenchmarkWritesResultsTablesAndPlots()
    {
        using var set = new TinyEvalSet();
        var vlm = TinyVlm.Create();
        var configurations = EvalConfiguration.Expand(["uniform", "random", "none"], [0.25, 1], ["h2o", "none"], [0, 4], adaptive: false);
        var outcomes = new EvalRunner(vlm, new AsymPipeline(vlm), maxNewTokens: 4, seed: 0).Run(set.Samples, configurations);
        var rows = ResultTable.Build(outcomes, 100, seed: 0);
        string results = Path.Combine(set.Path, "results");
        EvalReport.Write(results, outcomes, rows, vlm.Model);

        var written = File.ReadAllLines(Path.Combine(results, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string Key(JsonElement r) => $"{r.GetProperty("selector").GetString()}@{r.GetProperty("keep").GetString()} / " +
            $"{r.GetProperty("text_policy").GetString()}@{r.GetProperty("text_budget").GetInt32()} / {r.GetProperty("family").GetString()}";
        string[] families = [.. TaskFamilies.All, ResultTable.Overall];
        string[] expectedConfigurations =
            ["none@1 / none@0", "uniform@0.25 / h2o@4", "uniform@0.25 / none@0", "none@1 / h2o@4", "random@0.25 / h2o@4", "random@0.25 / none@0"];
        Assert.That(written.Select(Key), Is.EquivalentTo(expectedConfigurations.SelectMany(c => families.Select(f => $"{c} / {f}"))));
        Assert.That(written.Select(r => r.GetProperty("n").GetInt32()),
            Is.All.EqualTo(TinyEvalSet.PerFamily).Or.EqualTo(TinyEvalSet.PerFamily * TaskFamilies.All.Count));

        var overall = written.Where(r => r.GetProperty("family").GetString() == ResultTable.Overall).ToList();
        JsonElement Overall(string selector, string policy) =>
            overall.Single(r => r.GetProperty("selector").GetString() == selector && r.GetProperty("text_policy").GetString() == policy);
        Assert.That(Overall("none", "none").GetProperty("speedup").GetDouble(), Is.EqualTo(1.0));
        Assert.That(Overall("none", "none").GetProperty("vision_tokens_kept").GetDouble(), Is.EqualTo(16));
        Assert.That(Overall("uniform", "none").GetProperty("vision_tokens_kept").GetDouble(), Is.EqualTo(4));
        Assert.That(Overall("uniform", "none").GetProperty("flops_saved").GetDouble(), Is.GreaterThan(0));

        Assert.That(File.ReadAllLines(Path.Combine(results, "table.md")), Has.Length.EqualTo(2 + written.Count));
        // One answer row per request, traceable to its sample and configuration, scored as the table counts it.
        var answers = File.ReadAllLines(Path.Combine(results, AnswerLog.FileName)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(answers, Has.Count.EqualTo(set.Samples.Count * configurations.Count));
        var unprunedRows = answers.Where(a => a.GetProperty("selector").GetString() == "none" && a.GetProperty("text_policy").GetString() == "none").ToList();
        Assert.That(unprunedRows.Select(a => a.GetProperty("id").GetString()), Is.EquivalentTo(set.Samples.Select(s => s.Item.Id)));
        Assert.That(unprunedRows.Average(a => a.GetProperty("score").GetDouble()), Is.EqualTo(Overall("none", "none").GetProperty("accuracy").GetDouble()).Within(1e-9));
        Assert.That(File.Exists(Path.Combine(results, "table.csv")));
        foreach (string plot in new[] { "accuracy_vs_tokens.png", "accuracy_vs_text_budget.png" })
            Assert.That(Png(Path.Combine(results, plot)).Width, Is.EqualTo(900), plot);
        // Eight 128x128 samples, two per family, in a 4-column grid with 6-pixel gaps.
        var patches = Png(Path.Combine(results, "kept_patches.png"));
        Assert.That((patches.Width, patches.Height), Is.EqualTo((4 * 128 + 5 * 6, 2 * 128 + 3 * 6)));
    }

    static ImageResult Png(string path)
    {
        using var stream = File.OpenRead(path);
        return ImageResult.FromStream(stream, ColorComponents.RedGreenBlue);
    }
}

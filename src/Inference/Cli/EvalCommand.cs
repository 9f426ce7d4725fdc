using System.Globalization;
using AsymVLM.Inference.Evaluation;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>eval --model DIR [--scorer DIR] --data DATASET [--selectors ...] [--keep ...] [--adaptive] [--text-policies ...]
/// [--text-budgets ...] [--limit N] [--max-new-tokens N] [--seed S] [--bootstrap N] --out RESULTS</c>
/// </summary>
public static class EvalCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv, ["--model", "--scorer", "--data", "--task", "--images", "--selectors", "--keep", "--text-policies",
            "--text-budgets", "--limit", "--max-new-tokens", "--seed", "--bootstrap", "--out", "--threads"], ["--adaptive"]);
        if (args.Has("--threads")) TorchSharp.torch.set_num_threads(args.Int("--threads", 1));
        string outDir = args.Required("--out");
        int seed = args.Int("--seed", 0);
        var (vlm, pipeline) = LoadedPipeline.From(args);
        var samples = EvalSets.Load(args.Required("--data"), args.Get("--task"), args.Get("--images"), args.Int("--limit", 0));
        var configurations = EvalConfiguration.Expand(args.List("--selectors", "none"), Doubles(args.List("--keep", "1")),
            args.List("--text-policies", "none"), args.List("--text-budgets", "0").Select(int.Parse), args.Has("--adaptive"));
        foreach (var c in configurations.Where(c => !pipeline.SelectorNames.Contains(c.Selector)))
            throw new ArgumentException($"Unknown selector '{c.Selector}' (known: {string.Join(", ", pipeline.SelectorNames)}; 'learned' needs --scorer).");

        var outcomes = AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{samples.Count} samples x {configurations.Count} configurations", maxValue: samples.Count * configurations.Count);
                return new EvalRunner(vlm, pipeline, args.Int("--max-new-tokens", 24), seed).Run(samples, configurations, (done, _) => task.Value = done);
            });

        var rows = ResultTable.Build(outcomes, args.Int("--bootstrap", 1000), seed);
        ResultWriter.Write(outDir, rows);
        EvalPlots.AccuracyVsTokens(Path.Combine(outDir, "accuracy_vs_tokens.png"), rows);
        EvalPlots.AccuracyVsTextBudget(Path.Combine(outDir, "accuracy_vs_text_budget.png"), rows,
            rows.Any(r => r.Family == "reading") ? "reading" : ResultTable.Overall);
        KeptPatchGrid.Write(Path.Combine(outDir, "kept_patches.png"), outcomes, vlm.Model.Config.Vision.GridSize);

        var summary = new Table().Title("Overall").AddColumns("configuration", "accuracy", "retained", "vision tokens", "FLOPs saved", "prefill speed-up");
        foreach (var r in rows.Where(r => r.Family == ResultTable.Overall))
            summary.AddRow($"{r.Selector}@{r.Keep} / {r.TextPolicy}@{(r.TextBudget == 0 ? "all" : r.TextBudget)}", $"{r.Accuracy:P1}",
                $"{r.AccuracyRetained:P1}", $"{r.VisionTokensKept:F1}", $"{r.FlopsSaved:P1}", $"{r.Speedup:F2}x");
        AnsiConsole.Write(summary);
        AnsiConsole.MarkupLine($"Results in [bold]{Markup.Escape(outDir)}[/]");
        return 0;
    }

    static IEnumerable<double> Doubles(IEnumerable<string> values) => values.Select(v => double.Parse(v, CultureInfo.InvariantCulture));
}

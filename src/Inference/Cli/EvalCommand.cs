using System.Diagnostics;
using System.Globalization;
using AsymVLM.Data.Files;
using AsymVLM.Inference.Evaluation;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>eval --model DIR [--scorer DIR] --data DATASET [--task T] [--images DIR] [--selectors ...] [--keep ...] [--adaptive]
/// [--text-policies ...] [--text-budgets ...] [--text-sinks N] [--text-recent N] [--text-decay D] [--text-threshold T] [--limit N] [--families F,...] [--max-new-tokens N] [--seed S] [--bootstrap N] [--threads N] --out RESULTS</c>
/// </summary>
public static class EvalCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv, ["--model", "--scorer", "--data", "--task", "--images", "--selectors", "--keep", "--text-policies",
            "--text-budgets", "--limit", "--families", "--max-new-tokens", "--seed", "--bootstrap", "--out", "--threads", "--device", .. TextPolicyArgs.Options], ["--adaptive"]);
        if (args.Has("--threads")) TorchSharp.torch.set_num_threads(args.Int("--threads", 1));
        string outDir = args.Required("--out");
        OutputSafety.RequireApart(("--out", outDir), ("--model", args.Get("--model")), ("--scorer", args.Get("--scorer")),
            ("--data", args.Get("--data")), ("--images", args.Get("--images")));
        int seed = args.Int("--seed", 0), resamples = args.Int("--bootstrap", 1000);
        var configurations = EvalConfiguration.Expand(args.List("--selectors", "none"), Doubles(args, "--keep", "1"),
            args.List("--text-policies", "none"), Ints(args, "--text-budgets", "0"), args.Has("--adaptive"));
        var (vlm, pipeline) = LoadedPipeline.From(args);
        var runner = new EvalRunner(vlm, pipeline, args.Int("--max-new-tokens", 160), seed, TextPolicyArgs.Parse(args));
        runner.Validate(configurations);
        var samples = EvalSets.Load(args.Required("--data"), args.Get("--task"), args.Get("--images"), args.Int("--limit", 0),
            args.Has("--families") ? args.List("--families", "") : null);
        if (samples.Count == 0) throw new ArgumentException($"--data '{args.Required("--data")}' holds no samples.");

        var outcomes = AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                string label = $"{samples.Count} samples x {configurations.Count} configurations";
                var task = ctx.AddTask(label, maxValue: samples.Count * configurations.Count);
                var watch = Stopwatch.StartNew();
                return runner.Run(samples, configurations, (done, _) =>
                {
                    task.Value = done;
                    task.Description = $"{label}, {done / watch.Elapsed.TotalSeconds:F1} requests/s";
                });
            });

        var rows = ResultTable.Build(outcomes, resamples, seed);
        EvalReport.Write(outDir, outcomes, rows, vlm.Model.Config.Vision.GridSize);
        AnsiConsole.Write(Summary(rows));
        AnsiConsole.MarkupLine($"Results in [bold]{Markup.Escape(outDir)}[/]");
        return 0;
    }

    static Table Summary(IEnumerable<ResultRow> rows)
    {
        var table = new Table().Title("Overall").AddColumns("configuration", "accuracy (95% CI)", "retained", "vision tokens", "FLOPs saved", "prefill speed-up");
        foreach (var r in rows.Where(r => r.Family == ResultTable.Overall))
            table.AddRow(Markup.Escape($"{r.Selector}@{r.Keep} / {r.TextPolicy}@{(r.TextBudget == 0 ? "all" : r.TextBudget)}"),
                $"{r.Accuracy:P1} ({r.AccuracyCiLow:P1}-{r.AccuracyCiHigh:P1})", $"{r.AccuracyRetained:P1}", $"{r.VisionTokensKept:F1}",
                $"{r.FlopsSaved:P1}", $"{r.Speedup:F2}x");
        return table;
    }

    static IEnumerable<double> Doubles(CliArgs args, string name, string fallback) => args.List(name, fallback).Select(v =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : throw new ArgumentException($"Option {name}: '{v}' is not a number."));

    static IEnumerable<int> Ints(CliArgs args, string name, string fallback) => args.List(name, fallback).Select(v =>
        int.TryParse(v, out int i) ? i : throw new ArgumentException($"Option {name}: '{v}' is not an integer."));
}

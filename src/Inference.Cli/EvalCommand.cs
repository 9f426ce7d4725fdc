using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AsymVLM.CommandLine;
using AsymVLM.Data.Files;
using AsymVLM.Inference.Cli.Reports;
using AsymVLM.Inference.Evaluation;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary><c>eval</c>: accuracy and cost of every selector x keep x text policy x text budget on a dataset, with bootstrap CIs.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var scorer = ModelOptions.Scorer();
        var data = new Option<string>("--data") { Description = "a dataset folder (manifest.jsonl + images), a .parquet file (with --task) or a LLaVA conversation .json (with --images)", HelpName = "DATASET", Required = true };
        var task = new Option<string?>("--task") { Description = "how a .parquet file is read and scored: textvqa, docvqa or chartqa", HelpName = "T" };
        var images = new Option<string?>("--images") { Description = "the images of a LLaVA conversation .json", HelpName = "DIR" };
        var selectors = new Option<string>("--selectors") { Description = "vision selectors, comma-separated", HelpName = "a,b", DefaultValueFactory = _ => "none" };
        var keep = new Option<string>("--keep") { Description = "keep ratios, comma-separated", HelpName = "R,R,...", DefaultValueFactory = _ => "1" };
        var adaptive = new Option<bool>("--adaptive") { Description = "also run each selector with the scorer's adaptive budget" };
        var textPolicies = new Option<string>("--text-policies") { Description = "text eviction policies, comma-separated", HelpName = "a,b", DefaultValueFactory = _ => "none" };
        var textBudgets = new Option<string>("--text-budgets") { Description = "text budgets, comma-separated (0: unbounded)", HelpName = "N,N,...", DefaultValueFactory = _ => "0" };
        var limit = new Option<int>("--limit") { Description = "samples per family (0: all)", HelpName = "N", DefaultValueFactory = _ => 0 };
        var families = new Option<string?>("--families") { Description = "only these families, comma-separated", HelpName = "a,b" };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "longest answer, in tokens", HelpName = "N", DefaultValueFactory = _ => 160 };
        var seed = new Option<int>("--seed") { Description = "seed of the random selector and the bootstrap", HelpName = "S", DefaultValueFactory = _ => 0 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "bootstrap resamples of the confidence intervals", HelpName = "N", DefaultValueFactory = _ => 1000 };
        var threads = new Option<int?>("--threads") { Description = "TorchSharp threads (default: TorchSharp's own, or the cores shared among --workers)", HelpName = "N" };
        var workers = PositiveInt.Option("--workers", "samples answered at once, each on its own thread (the same answers; timings then share the cores)", 1);
        var output = new Option<string>("--out") { Description = "results folder: results.jsonl, table.md, table.csv, answers.jsonl, plots", HelpName = "RESULTS", Required = true };
        var device = new DeviceOption();
        var textPolicyArgs = new TextPolicyArgs();
        var command = new Command("eval", "Accuracy and cost of every selector x keep x text policy x text budget on a dataset, with 95 % bootstrap intervals, tables and plots.")
        {
            model, scorer, data, task, images, selectors, keep, adaptive, textPolicies, textBudgets, limit, families,
            maxNewTokens, seed, bootstrap, threads, workers, output, device,
        };
        textPolicyArgs.AddTo(command);
        command.SetAction(parse =>
        {
            int workerCount = parse.GetValue(workers);
            // Workers that each used every core would only contend for them.
            if ((parse.GetValue(threads) ?? (workerCount > 1 ? Math.Max(1, Environment.ProcessorCount / workerCount) : null)) is { } n)
                TorchSharp.torch.set_num_threads(n);
            string outDir = parse.GetValue(output)!, dataPath = parse.GetValue(data)!;
            OutputSafety.RequireApart(("--out", outDir), ("--model", parse.GetValue(model)), ("--scorer", parse.GetValue(scorer)),
                ("--data", dataPath), ("--images", parse.GetValue(images)));
            int seedValue = parse.GetValue(seed);
            var configurations = EvalConfiguration.Expand(List(parse.GetValue(selectors)!), Doubles(parse.GetValue(keep)!, "--keep"),
                List(parse.GetValue(textPolicies)!), Ints(parse.GetValue(textBudgets)!, "--text-budgets"), parse.GetValue(adaptive));
            var (vlm, pipeline) = LoadedPipeline.Load(parse.GetValue(model)!, parse.GetValue(scorer), device.Target(parse));
            var runner = new EvalRunner(vlm, pipeline, parse.GetValue(maxNewTokens), seedValue, textPolicyArgs.Read(parse));
            runner.Validate(configurations);
            var samples = EvalSets.Load(dataPath, parse.GetValue(task), parse.GetValue(images), parse.GetValue(limit),
                parse.GetValue(families) is { } f ? List(f) : null);
            if (samples.Count == 0) throw new ArgumentException($"--data '{dataPath}' holds no samples.");

            var outcomes = AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    string label = $"{samples.Count} samples x {configurations.Count} configurations";
                    var progress = ctx.AddTask(label, maxValue: samples.Count * configurations.Count);
                    var watch = Stopwatch.StartNew();
                    return runner.Run(samples, configurations, (done, _) =>
                    {
                        progress.Value = Math.Max(progress.Value, done); // workers may report out of order
                        progress.Description = $"{label}, {done / watch.Elapsed.TotalSeconds:F1} requests/s";
                    }, workerCount);
                });

            var rows = ResultTable.Build(outcomes, parse.GetValue(bootstrap), seedValue);
            EvalReport.Write(outDir, outcomes, rows, vlm.Model);
            AnsiConsole.Write(Summary(rows));
            AnsiConsole.MarkupLine($"Results in [bold]{Markup.Escape(outDir)}[/]");
            return 0;
        });
        return command.WithExamples(
            "asymvlm eval --model checkpoints/reference-vlm --scorer checkpoints/reference-scorer --data datasets/test --selectors learned,fastv,visionzip,none --keep 0.11,0.25,0.5 --out results/eval",
            "asymvlm eval --model /models/llava-1.5-7b-hf --scorer checkpoints/llava15-docvqa --data /data/docvqa/validation-00000-of-00001.parquet --task docvqa --selectors learned,none --keep 0.25 --out results/llava15-docvqa");
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

    /// <summary>A comma-separated option value as its items (blanks dropped, each trimmed).</summary>
    internal static IReadOnlyList<string> List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static IEnumerable<double> Doubles(string value, string name) => List(value).Select(v =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : throw new ArgumentException($"Option {name}: '{v}' is not a number."));

    static IEnumerable<int> Ints(string value, string name) => List(value).Select(v =>
        int.TryParse(v, out int i) ? i : throw new ArgumentException($"Option {name}: '{v}' is not an integer."));
}

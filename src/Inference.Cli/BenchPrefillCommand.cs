using System.CommandLine;
using System.Globalization;
using AsymVLM.CommandLine;
using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Benchmarks;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary><c>bench-prefill</c>: prefill time by keep ratio against the ideal (token-count) ratio, and the scorer's share.</summary>
public static class BenchPrefillCommand
{
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var scorer = ModelOptions.Scorer();
        var data = new Option<string>("--data") { Description = "a dataset folder (manifest.jsonl + images)", HelpName = "DATASET", Required = true };
        var selector = new Option<string>("--selector") { Description = "vision selector", HelpName = "NAME", DefaultValueFactory = _ => "learned" };
        var keep = new Option<string>("--keep") { Description = "keep ratios, comma-separated", HelpName = "R,R,...", DefaultValueFactory = _ => "0.5,0.25,0.11" };
        var samples = PositiveInt.Option("--samples", "samples measured", 24);
        var repeats = PositiveInt.Option("--repeats", "timed runs of each sample (the median counts)", 3);
        var untrained = new Option<bool>("--untrained-scorer")
        {
            Description = "time an untrained importance head of the default shape instead of --scorer (its speed does not depend on its weights): for a random model of real geometry, which has no distilled scorer",
        };
        var threads = new Option<int?>("--threads") { Description = "TorchSharp threads (default: TorchSharp's own)", HelpName = "N" };
        var device = new DeviceOption();
        var command = new Command("bench-prefill", "Prefill time by keep ratio against the ideal ratio, and the scorer's share of it.")
        {
            model, scorer, untrained, data, selector, keep, samples, repeats, threads, device,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is { } n) TorchSharp.torch.set_num_threads(n);
            var keeps = EvalCommand.List(parse.GetValue(keep)!)
                .Select(k => double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
                    : throw new ArgumentException($"Option --keep: '{k}' is not a number.")).ToList();
            if (parse.GetValue(untrained) && parse.GetValue(scorer) is not null)
                throw new ArgumentException("Options --scorer and --untrained-scorer: give one of them.");
            var (vlm, pipeline) = parse.GetValue(untrained)
                ? LoadedPipeline.WithUntrainedScorer(parse.GetValue(model)!, device.Target(parse))
                : LoadedPipeline.Load(parse.GetValue(model)!, parse.GetValue(scorer), device.Target(parse));
            string manifest = Path.Combine(parse.GetValue(data)!, SyntheticBenchmark.ManifestFileName);
            var items = Manifest.Read(manifest).Take(parse.GetValue(samples))
                .Select(s => (vlm.Images.FromFile(Manifest.ImagePath(manifest, s)), s.Question)).ToList();
            int repeatCount = parse.GetValue(repeats);
            var rows = new PrefillBenchmark(pipeline, parse.GetValue(selector)!, vlm.Model.Config.Text.VocabSize).Run(items, keeps, repeatCount);

            var table = new Table().Title($"Prefill time by keep ratio ({items.Count} samples x {repeatCount}, {TorchSharp.torch.get_num_threads()} threads)")
                .AddColumns("keep", "prefill tokens", "prefill ms", "ratio to unpruned", "ideal ratio", "speed-up of ideal", "scorer ms", "scorer share");
            foreach (var r in rows)
                table.AddRow($"{r.Keep:P0}", $"{r.PrefillTokens}", $"{r.PrefillMs:F2}", $"{r.Ratio:F3}", $"{r.IdealRatio:F3}", $"{r.OfIdeal:P0}", $"{r.ScorerMs:F2}", $"{r.ScorerShare:P1}");
            AnsiConsole.Write(table);
            return 0;
        });
        return command.WithExamples(
            "asymvlm bench-prefill --model checkpoints/reference-vlm --scorer checkpoints/reference-scorer --data datasets/test --keep 0.5,0.25,0.11 --threads 2",
            "asymvlm bench-prefill --model runs/llava15-f32 --untrained-scorer --data datasets/test --samples 4 --repeats 1");
    }
}

using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Benchmarks;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>bench-prefill --model DIR --scorer DIR --data DATASET [--selector learned] [--keep 0.5,0.25,0.11] [--samples 24] [--repeats 3]</c>
/// </summary>
public static class BenchPrefillCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv, ["--model", "--scorer", "--data", "--selector", "--keep", "--samples", "--repeats", "--threads", "--device"]);
        if (args.Has("--threads")) TorchSharp.torch.set_num_threads(args.Int("--threads", 1));
        var (vlm, pipeline) = LoadedPipeline.From(args);
        string manifest = Path.Combine(args.Required("--data"), SyntheticBenchmark.ManifestFileName);
        var samples = Manifest.Read(manifest).Take(args.Int("--samples", 24))
            .Select(s => (vlm.Images.FromFile(Manifest.ImagePath(manifest, s)), s.Question)).ToList();
        var keeps = args.List("--keep", "0.5,0.25,0.11").Select(k => double.Parse(k, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var rows = new PrefillBenchmark(pipeline, args.Get("--selector") ?? "learned").Run(samples, keeps, args.Int("--repeats", 3));

        var table = new Table().Title($"Prefill time by keep ratio ({samples.Count} samples x {args.Int("--repeats", 3)}, {TorchSharp.torch.get_num_threads()} threads)")
            .AddColumns("keep", "prefill tokens", "prefill ms", "ratio to unpruned", "ideal ratio", "speed-up of ideal", "scorer ms", "scorer share");
        foreach (var r in rows)
            table.AddRow($"{r.Keep:P0}", $"{r.PrefillTokens}", $"{r.PrefillMs:F2}", $"{r.Ratio:F3}", $"{r.IdealRatio:F3}", $"{r.OfIdeal:P0}", $"{r.ScorerMs:F2}", $"{r.ScorerShare:P1}");
        AnsiConsole.Write(table);
        return 0;
    }
}

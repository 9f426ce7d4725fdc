using AsymVLM.Inference.Benchmarks;
using Spectre.Console;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>bench-load --generate DIR [--size-gb 2 | --geometry llava-1.5] [--dtype bf16|float32]</c> writes a random sharded
/// LLaVA checkpoint (of about the size, or of LLaVA-1.5's geometry at 1B scale);
/// <c>bench-load --model DIR</c> (a fresh process) reports load time and peak RSS against the loaded model's size.
/// </summary>
public static class BenchLoadCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv, ["--generate", "--size-gb", "--geometry", "--dtype", "--model"]);
        if (args.Get("--generate") is { } target)
        {
            var config = args.Get("--geometry") switch
            {
                null => LoadBenchmark.ConfigOfSize((long)(args.Double("--size-gb", 2) * (1L << 30))),
                "llava-1.5" => LoadBenchmark.Llava15Geometry(),
                var other => throw new ArgumentException($"Option --geometry: '{other}' is not one of: llava-1.5."),
            };
            var dtype = args.Get("--dtype") switch
            {
                null or "bf16" => ScalarType.BFloat16,
                "float32" => ScalarType.Float32,
                var other => throw new ArgumentException($"Option --dtype: '{other}' is not one of: bf16, float32."),
            };
            LoadBenchmark.Generate(target, config, dtype);
            Console.WriteLine($"Wrote a random {dtype} checkpoint to {target}");
            return 0;
        }
        var r = LoadBenchmark.Measure(args.Required("--model"));
        var table = new Table().Title("Checkpoint load (-> float32 CPU model)").AddColumns("measure", "value");
        table.AddRow($"weights on disk ({string.Join(", ", r.FileDTypes)})", $"{r.FileBytes / (double)(1L << 30):F2} GiB");
        table.AddRow("loaded model (float32)", $"{r.ModelBytes / (double)(1L << 30):F2} GiB");
        table.AddRow("load time", $"{r.Seconds:F1} s");
        table.AddRow("RSS before load", $"{r.RssBeforeBytes >> 20} MiB");
        table.AddRow("peak RSS", $"{r.PeakRssBytes >> 20} MiB ({(double)r.PeakRssBytes / r.ModelBytes:F2}x the loaded model)");
        AnsiConsole.Write(table);
        return 0;
    }
}

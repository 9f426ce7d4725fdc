using AsymVLM.Inference.Benchmarks;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>bench-load --generate DIR [--size-gb 2]</c> writes a random BF16 sharded LLaVA checkpoint;
/// <c>bench-load --model DIR</c> (a fresh process) reports load time and peak RSS against the weights' size.
/// </summary>
public static class BenchLoadCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv, ["--generate", "--size-gb", "--model"]);
        if (args.Get("--generate") is { } target)
        {
            LoadBenchmark.Generate(target, (long)(args.Double("--size-gb", 2) * (1L << 30)));
            Console.WriteLine($"Wrote a random checkpoint to {target}");
            return 0;
        }
        var r = LoadBenchmark.Measure(args.Required("--model"));
        var table = new Table().Title("Checkpoint load (BF16 shards -> float32 CPU model)").AddColumns("measure", "value");
        table.AddRow("weights on disk (BF16)", $"{r.WeightBytes / (double)(1L << 30):F2} GiB");
        table.AddRow("load time", $"{r.Seconds:F1} s");
        table.AddRow("RSS before load", $"{r.RssBeforeBytes >> 20} MiB");
        table.AddRow("peak RSS", $"{r.PeakRssBytes >> 20} MiB ({(double)r.PeakRssBytes / (2 * r.WeightBytes):F2}x the float32 model)");
        AnsiConsole.Write(table);
        return 0;
    }
}

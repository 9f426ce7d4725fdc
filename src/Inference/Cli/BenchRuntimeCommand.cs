using AsymVLM.Inference.Benchmarks;
using AsymVLM.Inference.Checkpoints;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>bench-runtime --model DIR [--prefill-tokens 290] [--decode-steps 500] [--repeats 5] [--threads N]</c>:
/// prefill and decode tokens/s and RSS across two runs of N decode steps (flat means no tensor leak).
/// </summary>
public static class BenchRuntimeCommand
{
    const long LeakToleranceBytes = 20L << 20;

    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv, ["--model", "--prefill-tokens", "--decode-steps", "--repeats", "--threads"]);
        if (args.Has("--threads")) TorchSharp.torch.set_num_threads(args.Int("--threads", 1));
        var target = ComputeTarget.Default;
        using var model = ModelLoader.Load(args.Required("--model"), target);
        int steps = args.Int("--decode-steps", 500);
        var r = new RuntimeBenchmark(model).Run(args.Int("--prefill-tokens", 290), steps, args.Int("--repeats", 5));

        long growth = r.RssAfterSecondBytes - r.RssAfterFirstBytes;
        var table = new Table().Title($"Runtime ({target.Device.type}, {TorchSharp.torch.get_num_threads()} threads)").AddColumns("measure", "value");
        table.AddRow("prefill tokens/s", $"{r.PrefillTokensPerSecond:F0}");
        table.AddRow("decode tokens/s", $"{r.DecodeTokensPerSecond:F1}");
        table.AddRow("vision encoder images/s", $"{r.ImagesPerSecond:F1}");
        table.AddRow("RSS before decoding", $"{r.RssBeforeBytes >> 20} MiB");
        table.AddRow($"RSS after {steps} decode steps", $"{r.RssAfterFirstBytes >> 20} MiB");
        table.AddRow($"RSS after {steps} more", $"{r.RssAfterSecondBytes >> 20} MiB ({growth / 1024.0 / 1024:+0.0;-0.0} MiB)");
        AnsiConsole.Write(table);
        if (growth > LeakToleranceBytes)
        {
            Console.Error.WriteLine($"RSS grew by {growth >> 20} MiB across {steps} decode steps: a tensor leak.");
            return 3;
        }
        return 0;
    }
}

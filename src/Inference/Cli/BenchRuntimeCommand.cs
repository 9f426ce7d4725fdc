using AsymVLM.Inference.Benchmarks;
using AsymVLM.Inference.Checkpoints;
using Spectre.Console;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>bench-runtime [--model DIR] [--prefill-tokens 290] [--decode-steps 500] [--repeats 5] [--threads 2]</c>:
/// prefill and decode tokens/s, vision images/s, and memory across two runs of N decode steps (flat means no
/// tensor leak; exit code 3 when it is not). --model defaults to the shipped reference VLM.
/// </summary>
public static class BenchRuntimeCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv, ["--model", "--prefill-tokens", "--decode-steps", "--repeats", "--threads", "--device"]);
        int prefillTokens = Positive(args, "--prefill-tokens", 290);
        int steps = Positive(args, "--decode-steps", 500);
        int repeats = Positive(args, "--repeats", 5);
        set_num_threads(Positive(args, "--threads", 2));
        var target = args.Target();
        string dir = args.Get("--model") ?? Path.Combine("checkpoints", "reference-vlm");
        using var model = ModelLoader.Load(dir, target);
        var r = new RuntimeBenchmark(model, target).Run(prefillTokens, steps, repeats);

        var table = new Table().Title("Runtime").AddColumns("measure", "value");
        table.AddRow("model", Markup.Escape(dir));
        table.AddRow("device", $"{target.Device.type} ({target.DType})");
        table.AddRow("threads", $"{get_num_threads()}");
        table.AddRow($"prefill tokens/s ({prefillTokens} tokens, median of {repeats})", $"{r.PrefillTokensPerSecond:F0}");
        table.AddRow($"decode tokens/s (2 x {steps} cached steps)", $"{r.DecodeTokensPerSecond:F1}");
        table.AddRow($"vision encoder images/s (median of {repeats})", $"{r.ImagesPerSecond:F1}");
        long weights = model.parameters().Sum(p => p.NumberOfElements * p.ElementSize);
        table.AddRow("weights", Mib(weights));
        table.AddRow("RSS with the model loaded", Relative(r.Loaded.ResidentBytes, weights));
        table.AddRow($"RSS after {repeats} prefills", Relative(r.AfterPrefill.ResidentBytes, weights));
        table.AddRow($"RSS after {repeats} image encodes (before decoding)", Relative(r.BeforeDecode.ResidentBytes, weights));
        table.AddRow($"RSS after {steps} decode steps", Mib(r.AfterFirstDecode.ResidentBytes));
        table.AddRow($"RSS after {steps} more", $"{Mib(r.AfterSecondDecode.ResidentBytes)} ({r.SecondRunGrowthBytes / (double)(1 << 20):+0.0;-0.0;0.0} MiB)");
        table.AddRow("peak RSS", Relative(ProcessMemory.PeakResidentBytes(), weights));
        table.AddRow("live tensors after each run", $"{r.BeforeDecode.LiveTensors} / {r.AfterFirstDecode.LiveTensors} / {r.AfterSecondDecode.LiveTensors}");
        AnsiConsole.Write(table);
        if (r.Leaks)
        {
            Console.Error.WriteLine($"Memory grew across the second {steps} decode steps: {r.SecondRunGrowthBytes >> 20} MiB RSS " +
                $"(tolerance {RuntimeBenchmarkResult.LeakToleranceBytes >> 20} MiB), {r.SecondRunLiveTensorGrowth} live tensors: a tensor leak.");
            return 3;
        }
        return 0;
    }

    static int Positive(CliArgs args, string option, int fallback)
    {
        int value = args.Int(option, fallback);
        return value >= 1 ? value : throw new ArgumentException($"Option {option}: {value} must be at least 1.");
    }

    static string Mib(long bytes) => $"{bytes >> 20} MiB";

    static string Relative(long bytes, long weights) => $"{Mib(bytes)} ({(double)bytes / weights:F2}x the weights)";
}

using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Inference.Benchmarks;
using AsymVLM.Inference.Checkpoints;
using Spectre.Console;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>bench-runtime</c>: prefill and decode tokens/s, vision images/s, and memory across two runs of N decode steps
/// (flat means no tensor leak; exit code 3 when it is not).
/// </summary>
public static class BenchRuntimeCommand
{
    public const int LeakExitCode = 3;

    public static Command Create()
    {
        var model = ModelOptions.Model(required: false);
        model.DefaultValueFactory = _ => Path.Combine("checkpoints", "reference-vlm");
        var prefillTokens = PositiveInt.Option("--prefill-tokens", "tokens of the timed prefill", 290);
        var decodeSteps = PositiveInt.Option("--decode-steps", "cached decode steps of each of the two memory runs", 500);
        var repeats = PositiveInt.Option("--repeats", "timed runs (the median counts)", 5);
        var threads = PositiveInt.Option("--threads", "TorchSharp threads", 2);
        var device = new DeviceOption();
        var command = new Command("bench-runtime", $"Prefill and decode tokens/s, vision images/s, and memory across two decode runs (exit code {LeakExitCode} when it grows: a tensor leak).")
        {
            model, prefillTokens, decodeSteps, repeats, threads, device,
        };
        command.SetAction(parse =>
        {
            int tokens = parse.GetValue(prefillTokens), steps = parse.GetValue(decodeSteps), runs = parse.GetValue(repeats);
            set_num_threads(parse.GetValue(threads));
            var target = device.Target(parse);
            string dir = parse.GetValue(model)!;
            using var loaded = ModelLoader.Load(dir, target);
            var r = new RuntimeBenchmark(loaded, target).Run(tokens, steps, runs);

            var table = new Table().Title("Runtime").AddColumns("measure", "value");
            table.AddRow("model", Markup.Escape(dir));
            table.AddRow("device", $"{target.Device.type} ({target.DType})");
            table.AddRow("threads", $"{get_num_threads()}");
            table.AddRow($"prefill tokens/s ({tokens} tokens, median of {runs})", $"{r.PrefillTokensPerSecond:F0}");
            table.AddRow($"decode tokens/s (2 x {steps} cached steps)", $"{r.DecodeTokensPerSecond:F1}");
            table.AddRow($"vision encoder images/s (median of {runs})", $"{r.ImagesPerSecond:F1}");
            long weights = loaded.parameters().Sum(p => p.NumberOfElements * p.ElementSize);
            table.AddRow("weights", Mib(weights));
            table.AddRow("RSS with the model loaded", Relative(r.Loaded.ResidentBytes, weights));
            table.AddRow($"RSS after {runs} prefills", Relative(r.AfterPrefill.ResidentBytes, weights));
            table.AddRow($"RSS after {runs} image encodes (before decoding)", Relative(r.BeforeDecode.ResidentBytes, weights));
            table.AddRow($"RSS after {steps} decode steps", Mib(r.AfterFirstDecode.ResidentBytes));
            table.AddRow($"RSS after {steps} more", $"{Mib(r.AfterSecondDecode.ResidentBytes)} ({r.SecondRunGrowthBytes / (double)(1 << 20):+0.0;-0.0;0.0} MiB)");
            table.AddRow("peak RSS", Relative(ProcessMemory.PeakResidentBytes(), weights));
            table.AddRow("live tensors after each run", $"{r.BeforeDecode.LiveTensors} / {r.AfterFirstDecode.LiveTensors} / {r.AfterSecondDecode.LiveTensors}");
            AnsiConsole.Write(table);
            if (!r.Leaks) return 0;
            Console.Error.WriteLine($"Memory grew across the second {steps} decode steps: {r.SecondRunGrowthBytes >> 20} MiB RSS " +
                $"(tolerance {RuntimeBenchmarkResult.LeakToleranceBytes >> 20} MiB), {r.SecondRunLiveTensorGrowth} live tensors: a tensor leak.");
            return LeakExitCode;
        });
        return command.WithExamples("asymvlm bench-runtime --prefill-tokens 290 --decode-steps 500 --threads 2");
    }

    static string Mib(long bytes) => $"{bytes >> 20} MiB";

    static string Relative(long bytes, long weights) => $"{Mib(bytes)} ({(double)bytes / weights:F2}x the weights)";
}

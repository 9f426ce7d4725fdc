using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Inference.Benchmarks;
using AsymVLM.Inference.Checkpoints;
using Spectre.Console;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>bench-decode</c>: per-step decode time and KV bytes of each text eviction policy on one prefill, with the step
/// time per window of the generation (does a policy's step get dearer as the text grows?) and each policy against none.
/// </summary>
public static class BenchDecodeCommand
{
    public static Command Create()
    {
        var model = ModelOptions.Model(required: false);
        model.DefaultValueFactory = _ => Path.Combine("checkpoints", "reference-vlm");
        var prefillTokens = new Option<int?>("--prefill-tokens") { Description = "prompt tokens of the one prefill (default: the model's image tokens + 32)", HelpName = "N" };
        var visionTokens = new Option<int?>("--vision-tokens") { Description = "how many of them stand for the image, never evicted (default: the model's image tokens)", HelpName = "N" };
        var steps = PositiveInt.Option("--decode-steps", "decode steps of each policy's run", 200);
        var budget = PositiveInt.Option("--text-budget", "text entries each evicting policy keeps", 32);
        var policies = new Option<string>("--text-policies") { Description = "text eviction policies, comma-separated", HelpName = "a,b", DefaultValueFactory = _ => "none,asym,h2o,streamingllm,tova" };
        var repeats = PositiveInt.Option("--repeats", "runs of every policy, in rotated order (the median counts)", 3);
        var threads = PositiveInt.Option("--threads", "TorchSharp threads", 2);
        var device = new DeviceOption();
        var command = new Command("bench-decode", "Per-step decode time and KV bytes of each text eviction policy on one prefill, by window of the generation.")
        {
            model, prefillTokens, visionTokens, steps, budget, policies, repeats, threads, device,
        };
        command.SetAction(parse =>
        {
            set_num_threads(parse.GetValue(threads));
            var target = device.Target(parse);
            string dir = parse.GetValue(model)!;
            using var loaded = ModelLoader.Load(dir, target);
            int image = loaded.Config.ImageTokenCount;
            int prefill = parse.GetValue(prefillTokens) ?? image + 32, vision = parse.GetValue(visionTokens) ?? Math.Min(image, prefill);
            int n = parse.GetValue(steps), textBudget = parse.GetValue(budget);
            var names = EvalCommand.List(parse.GetValue(policies)!);
            var rows = new DecodeBenchmark(loaded, target).Run(prefill, vision, n, textBudget, names, parse.GetValue(repeats));

            var none = rows.FirstOrDefault(r => r.Policy == "none");
            var table = new Table().Title($"Decode: {prefill} prompt tokens ({vision} vision), text budget {textBudget}, {target.Device.type} ({target.DType}), {get_num_threads()} threads")
                .AddColumns("policy", "tokens/s", $"ms/step by quarter of the {n} steps", "last quarter / first", "vs none, last quarter", "peak KV", "KV buffers at the end", "evicted");
            foreach (var r in rows)
                table.AddRow(r.Policy, $"{r.TokensPerSecond:F1}", string.Join(" / ", r.MsPerStep.Select(ms => $"{ms:F2}")), $"{r.MsPerStep[^1] / r.MsPerStep[0]:F2}x",
                    none is null ? "-" : $"{r.MsPerStep[^1] / none.MsPerStep[^1]:F2}x", Kib(r.PeakKvBytes), Kib(r.AllocatedKvBytes), $"{r.Evicted}");
            // Redirected output (a log file) has no window width; the table would wrap at 80 columns.
            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
            AnsiConsole.Write(table);
            return 0;
        });
        return command.WithExamples(
            "asymvlm bench-decode --decode-steps 200 --text-budget 32",
            "asymvlm bench-decode --model runs/llava15-f32 --prefill-tokens 600 --vision-tokens 576 --decode-steps 512 --text-budget 64 --repeats 1");
    }

    static string Kib(long bytes) => $"{bytes >> 10} KiB";
}

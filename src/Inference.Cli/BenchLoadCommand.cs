using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Inference.Benchmarks;
using Spectre.Console;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>bench-load --generate DIR [--size-gb 2 | --geometry llava-1.5|llava-next] [--dtype bf16|float32]</c> writes a random
/// sharded LLaVA checkpoint (of about the size, or of LLaVA-1.5's or LLaVA-NeXT's geometry at 1B scale);
/// <c>bench-load --model DIR</c> (a fresh process) reports load time and peak RSS against the loaded model's size.
/// </summary>
public static class BenchLoadCommand
{
    public static Command Create()
    {
        var generate = new Option<string?>("--generate") { Description = "write a random sharded LLaVA checkpoint to this directory", HelpName = "DIR" };
        var sizeGb = new Option<double>("--size-gb") { Description = "its size in BF16, in GiB (without --geometry)", HelpName = "GB", DefaultValueFactory = _ => 2 };
        var geometry = new Option<string?>("--geometry")
        {
            Description = "llava-1.5: the ViT-L/14-336 tower and a TinyLlama-shaped decoder (5.25 GiB in float32); llava-next: the same as llava_next with llava-v1.6's pinpoints",
            HelpName = "llava-1.5|llava-next",
        };
        geometry.AcceptOnlyFromAmong("llava-1.5", "llava-next");
        var dtype = new Option<string>("--dtype") { Description = "the stored dtype", HelpName = "bf16|float32", DefaultValueFactory = _ => "bf16" };
        dtype.AcceptOnlyFromAmong("bf16", "float32");
        var model = ModelOptions.Model(required: false);
        model.Description = "measure loading this checkpoint into a CPU model (run it in a fresh process)";
        var command = new Command("bench-load", "Checkpoint loading: time and peak RSS against the weights' size.") { generate, sizeGb, geometry, dtype, model };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(generate) is null) == (result.GetResult(model) is null))
                result.AddError("Give one of --generate and --model.");
        });
        command.SetAction(parse =>
        {
            if (parse.GetValue(generate) is { } target)
            {
                var config = parse.GetValue(geometry) switch
                {
                    null => LoadBenchmark.ConfigOfSize((long)(parse.GetValue(sizeGb) * (1L << 30))),
                    "llava-next" => LoadBenchmark.LlavaNextGeometry(),
                    _ => LoadBenchmark.Llava15Geometry(),
                };
                var stored = parse.GetValue(dtype) == "float32" ? ScalarType.Float32 : ScalarType.BFloat16;
                LoadBenchmark.Generate(target, config, stored);
                Console.WriteLine($"Wrote a random {stored} checkpoint to {target}");
                return 0;
            }
            var r = LoadBenchmark.Measure(parse.GetValue(model)!);
            var table = new Table().Title("Checkpoint load (-> float32 CPU model)").AddColumns("measure", "value");
            table.AddRow($"weights on disk ({string.Join(", ", r.FileDTypes)})", $"{r.FileBytes / (double)(1L << 30):F2} GiB");
            table.AddRow("loaded model (float32)", $"{r.ModelBytes / (double)(1L << 30):F2} GiB");
            table.AddRow("load time", $"{r.Seconds:F1} s");
            table.AddRow("RSS before load", $"{r.RssBeforeBytes >> 20} MiB");
            table.AddRow("peak RSS", $"{r.PeakRssBytes >> 20} MiB ({(double)r.PeakRssBytes / r.ModelBytes:F2}x the loaded model)");
            AnsiConsole.Write(table);
            return 0;
        });
        return command.WithExamples("asymvlm bench-load --generate runs/random-llava --size-gb 2",
            "asymvlm bench-load --generate runs/llava15-f32 --geometry llava-1.5 --dtype float32",
            "asymvlm bench-load --generate runs/llava-next-f32 --geometry llava-next --dtype float32", "asymvlm bench-load --model runs/random-llava");
    }
}

using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Inference.Benchmarks;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>bench-load --generate DIR [--size-gb 2]</c> writes a random BF16 sharded LLaVA checkpoint;
/// <c>bench-load --model DIR</c> (a fresh process) reports load time and peak RSS against the weights' size.
/// </summary>
public static class BenchLoadCommand
{
    public static Command Create()
    {
        var generate = new Option<string?>("--generate") { Description = "write a random BF16 sharded LLaVA checkpoint to this directory", HelpName = "DIR" };
        var sizeGb = new Option<double>("--size-gb") { Description = "its size on disk, in GiB", HelpName = "GB", DefaultValueFactory = _ => 2 };
        var model = ModelOptions.Model(required: false);
        model.Description = "measure loading this checkpoint into a CPU model (run it in a fresh process)";
        var command = new Command("bench-load", "Checkpoint loading: time and peak RSS against the weights' size.") { generate, sizeGb, model };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(generate) is null) == (result.GetResult(model) is null))
                result.AddError("Give one of --generate and --model.");
        });
        command.SetAction(parse =>
        {
            if (parse.GetValue(generate) is { } target)
            {
                LoadBenchmark.Generate(target, (long)(parse.GetValue(sizeGb) * (1L << 30)));
                Console.WriteLine($"Wrote a random checkpoint to {target}");
                return 0;
            }
            var r = LoadBenchmark.Measure(parse.GetValue(model)!);
            var table = new Table().Title("Checkpoint load (BF16 shards -> float32 CPU model)").AddColumns("measure", "value");
            table.AddRow("weights on disk (BF16)", $"{r.WeightBytes / (double)(1L << 30):F2} GiB");
            table.AddRow("load time", $"{r.Seconds:F1} s");
            table.AddRow("RSS before load", $"{r.RssBeforeBytes >> 20} MiB");
            table.AddRow("peak RSS", $"{r.PeakRssBytes >> 20} MiB ({(double)r.PeakRssBytes / (2 * r.WeightBytes):F2}x the float32 model)");
            AnsiConsole.Write(table);
            return 0;
        });
        return command.WithExamples("asymvlm bench-load --generate /tmp/random-llava --size-gb 2", "asymvlm bench-load --model /tmp/random-llava");
    }
}

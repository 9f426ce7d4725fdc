using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Data.Benchmark;
using Serilog;

namespace AsymVLM.Training.Cli;

/// <summary><c>generate-data</c>: writes a benchmark split (manifest.jsonl + PNGs).</summary>
public static class GenerateDataCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "the split's folder", HelpName = "DIR", Required = true };
        var seed = new Option<int>("--seed") { Description = "the split's seed (sample i belongs to family i mod 5)", HelpName = "S", DefaultValueFactory = _ => 0 };
        var count = new Option<int>("--count") { Description = "samples to draw", HelpName = "N", DefaultValueFactory = _ => 400 };
        var command = new Command("generate-data", "Draw a split of the synthetic benchmark: manifest.jsonl and one PNG per sample.") { output, seed, count };
        command.SetAction(parse =>
        {
            string outDir = parse.GetValue(output)!;
            int seedValue = parse.GetValue(seed), total = parse.GetValue(count);
            Logging.Start();
            var progress = new Common.ProgressLog("generate", total, unit: "samples");
            SyntheticBenchmark.WriteDataset(outDir, seedValue, total, new Progress<int>(done => { if (done % 200 == 0 || done == total) progress.Report(done); }));
            Log.Information("Wrote {Count} samples (seed {Seed}) to {Dir}", total, seedValue, outDir);
            return 0;
        });
        return command.WithExamples("dotnet run --project src/Training -- generate-data --out datasets/val --seed 60613 --count 200");
    }
}

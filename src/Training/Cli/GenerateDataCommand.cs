using AsymVLM.Data.Benchmark;
using Serilog;

namespace AsymVLM.Training.Cli;

/// <summary><c>generate-data --out DIR --seed S --count N</c>: writes a benchmark split (manifest.jsonl + PNGs).</summary>
public static class GenerateDataCommand
{
    public static int Run(CommandLineArgs args)
    {
        string outDir = args.Required("--out");
        int seed = args.Int("--seed", 0);
        int count = args.Int("--count", 400);
        Logging.Start();
        var progress = new Common.ProgressLog("generate", count, unit: "samples");
        SyntheticBenchmark.WriteDataset(outDir, seed, count, new Progress<int>(done => { if (done % 200 == 0 || done == count) progress.Report(done); }));
        Log.Information("Wrote {Count} samples (seed {Seed}) to {Dir}", count, seed, outDir);
        return 0;
    }
}

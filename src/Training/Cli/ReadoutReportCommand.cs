using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Training.Pretraining;

namespace AsymVLM.Training.Cli;

/// <summary>
/// <c>readout-report --model DIR [--seed 2] [--limit 200] [--device auto|cpu|cuda] [--out FILE.md]</c>: whether a reference VLM looks at the
/// right glyph cell, keeps what the cell shows, and reads it out (held-out synthetic samples of that seed).
/// </summary>
public static class ReadoutReportCommand
{
    public static int Run(CommandLineArgs args)
    {
        var vlm = VlmLoader.Load(args.Required("--model"), ComputeTarget.Parse(args.Get("--device") ?? "auto", "--device"));
        var md = ReadoutReport.Markdown(ReadoutReport.Measure(vlm, args.Int("--seed", 2), args.Int("--limit", 200)));
        Console.WriteLine(md);
        if (args.Get("--out") is { } path) File.WriteAllText(path, md);
        return 0;
    }
}

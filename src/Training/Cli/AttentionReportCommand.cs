using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Distillation;
using Serilog;

namespace AsymVLM.Training.Cli;

/// <summary>
/// <c>attention-report train.json [--limit N] [--out FILE.md] [--Section:Key=value ...]</c>: how much of the teacher's attention
/// (and of the configured teacher signal, e.g. <c>--Teacher:Signal=rollout</c>) lands on the answer regions of the held-out split,
/// per layer and family (does the teacher know where to look?).
/// </summary>
public static class AttentionReportCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv.Skip(1).ToList());
        var overrides = argv.Skip(1).Where(a => a.StartsWith("--") && a.Contains(':')).ToList();
        var job = DistillJobConfig.Bind(argv[0], JobConfiguration.Build(argv[0], overrides));
        Logging.Start();
        var teacher = VlmLoader.Load(job.Teacher.ModelDir, job.Teacher.Target);
        if (!File.Exists(job.Data.Val.Manifest)) Data.Benchmark.SyntheticBenchmark.WriteDataset(job.Data.Val.Dir, job.Data.Val.Seed!.Value, job.Data.Val.Count!.Value);
        var rows = AttentionReport.Measure(teacher, job.Teacher, job.Data.Val.Manifest, args.Int("--limit", 200));
        var md = AttentionReport.Markdown(rows);
        Console.WriteLine(md);
        if (args.Get("--out") is { } path) File.WriteAllText(path, md);
        Log.Information("Teacher layers in train.json: {Layers}", string.Join(",", job.Teacher.Layers));
        return 0;
    }
}

using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Distillation;
using Serilog;

namespace AsymVLM.Training.Cli;

/// <summary>
/// <c>attention-report</c>: how much of the teacher's attention (and of the configured teacher signal, e.g.
/// <c>--Teacher:Signal=rollout</c>) lands on the answer regions of the held-out split, per layer and family
/// (does the teacher know where to look?).
/// </summary>
public static class AttentionReportCommand
{
    public static Command Create()
    {
        var config = ConfigArgument.Create("a distillation config, e.g. train.json (its teacher, signal and held-out split)");
        var limit = new Option<int>("--limit") { Description = "held-out samples measured", HelpName = "N", DefaultValueFactory = _ => 200 };
        var output = new Option<string?>("--out") { Description = "also write the Markdown table here", HelpName = "FILE.md" };
        var overrides = ConfigArgument.Overrides();
        var command = new Command("attention-report", "How much of the teacher's attention (and of its configured signal) lands on the answer regions, per layer and family.")
        {
            config, overrides, limit, output,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(config)!;
            var job = DistillJobConfig.Bind(path, JobConfiguration.Build(path, parse.GetValue(overrides)!));
            Logging.Start();
            var teacher = VlmLoader.Load(job.Teacher.ModelDir, job.Teacher.Target);
            if (!File.Exists(job.Data.Val.Manifest)) Data.Benchmark.SyntheticBenchmark.WriteDataset(job.Data.Val.Dir, job.Data.Val.Seed!.Value, job.Data.Val.Count!.Value);
            var rows = AttentionReport.Measure(teacher, job.Teacher, job.Data.Val.Manifest, parse.GetValue(limit));
            var md = AttentionReport.Markdown(rows);
            Console.WriteLine(md);
            if (parse.GetValue(output) is { } file) File.WriteAllText(file, md);
            Log.Information("Teacher layers in train.json: {Layers}", string.Join(",", job.Teacher.Layers));
            return 0;
        });
        return command.WithExamples("dotnet run --project src/Training -- attention-report train.json --Teacher:Signal=rollout --limit 200 --out rollout.md");
    }
}

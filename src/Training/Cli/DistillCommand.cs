using System.Text.Json.Nodes;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Scoring;
using AsymVLM.Inference.Selection;
using AsymVLM.Training.Common;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Distillation;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace AsymVLM.Training.Cli;

/// <summary>
/// <c>dotnet run --project src/Training -- train.json [--resume]</c>: teacher targets (cached, computed where
/// missing), then the importance head's distillation, held-out metrics, and the scorer checkpoint.
/// </summary>
public static class DistillCommand
{
    public static int Run(string configPath, IConfigurationRoot config, bool resume)
    {
        var job = DistillJobConfig.Bind(configPath, config);
        job.RequireSafeOutputs(configPath);
        RunDirectory.Prepare(job.Output.RunDir, resume);
        Logging.Start(Path.Combine(job.Output.RunDir, "train.log"));
        if (job.Training.Threads > 0) TorchSharp.torch.set_num_threads(job.Training.Threads);
        job.SaveResolved(Path.Combine(job.Output.RunDir, "resolved-config.json"));

        var teacher = VlmLoader.Load(job.Teacher.ModelDir, job.Teacher.Target);
        var train = TeacherPass.Ensure(teacher, job.Teacher, job.Data.Train, new ShardAssignment(0, 1));
        var val = TeacherPass.Ensure(teacher, job.Teacher, job.Data.Val, new ShardAssignment(0, 1));
        // AnyRes: the head's convolutions run per view of the split's one layout (checked by the teacher pass).
        var anyRes = TeacherPass.ImageLayout(teacher, job.Data.Train);
        var layout = anyRes is null ? null : VisionLayout.AnyRes(anyRes);
        var valLayout = TeacherPass.Layout(teacher, job.Data.Val);
        // VisionLayout compares its views by reference; its text lists every view's grid and newlines.
        if (layout?.ToString() != valLayout?.ToString())
            throw new InvalidDataException($"Data:Train ({job.Data.Train.Dir}) gives AnyRes layout {layout?.ToString() ?? "one view"}, Data:Val ({job.Data.Val.Dir}) {valLayout?.ToString() ?? "one view"}; the head is evaluated on the layout it trains on.");

        var headConfig = new ImportanceHeadConfig
        {
            InputSize = teacher.Model.Config.Text.HiddenSize, Width = job.Head.Width, RowKernel = job.Head.RowKernel,
            GridHeight = teacher.Model.Config.Vision.GridSize, GridWidth = teacher.Model.Config.Vision.GridSize,
        };
        ScorerMetadata Metadata(Dictionary<string, double> metrics) =>
            new(headConfig, teacher.Name, teacher.Hash, job.Resolved, metrics);
        var distillation = new HeadDistillation(teacher.Model, train, val, headConfig, job.Loss, job.Training, job.Output.RunDir, Metadata, layout);
        var parameters = distillation.Head.parameters().ToList();
        long headFlops = distillation.Head.Flops(layout?.PatchCount ?? headConfig.GridHeight * headConfig.GridWidth, 16);
        Log.Information("Importance head: {Params:N0} parameters, {Flops:N0} FLOPs per sample", parameters.Sum(p => p.numel()), headFlops);
        new TrainLoop(job.Training, parameters, job.Output.RunDir).Run(distillation, resume);
        // A resumed run that had already finished trains no step, so nothing evaluated the head in this process.
        if (distillation.LastMetrics.Count == 0) distillation.Evaluate(job.Training.Steps);

        var report = HeldOutReport.Build(distillation, val, teacher, job.Training.Seed, anyRes);
        report.Print();
        report.Save(Path.Combine(job.Output.RunDir, "heldout.md"));
        var metrics = new Dictionary<string, double>(distillation.LastMetrics) { ["head_flops_ratio"] = report.HeadFlopsRatio };
        AtomicDirectory.Write(job.Output.ScorerDir, dir => ScorerCheckpoint.Save(dir, distillation.Head, Metadata(metrics)));
        Log.Information("Saved the scorer to {Dir}", job.Output.ScorerDir);
        return 0;
    }
}

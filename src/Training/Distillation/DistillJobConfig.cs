using System.Text.Json;
using System.Text.Json.Nodes;
using AsymVLM.Data.Files;
using AsymVLM.Inference.Scoring;
using AsymVLM.Training.Common;
using AsymVLM.Training.Configuration;
using Microsoft.Extensions.Configuration;

namespace AsymVLM.Training.Distillation;

/// <summary>train.json, bound and validated, plus the resolved configuration (after env/CLI overrides) as JSON.</summary>
public sealed record DistillJobConfig(TeacherOptions Teacher, DistillDataOptions Data, HeadOptions Head, LossOptions Loss,
    OptimizationOptions Training, DistillOutputOptions Output, JsonObject Resolved)
{
    public static DistillJobConfig Bind(string file, IConfigurationRoot config)
    {
        JobConfiguration.RequireOnlySections(config, file, "Job", "Teacher", "Data", "Head", "Loss", "Training", "Output");
        var teacher = JobConfiguration.Bind<TeacherOptions>(config, "Teacher");
        var resolved = ResolvedConfig.ToJson(config);
        // scorer.json must say which signal and budget target its teacher gave, also where the file leaves them at their defaults.
        var teacherSection = resolved["Teacher"]!.AsObject();
        teacherSection["Signal"] ??= teacher.Signal;
        teacherSection["BudgetTarget"] ??= teacher.BudgetTarget;
        return new DistillJobConfig(
            teacher,
            JobConfiguration.Bind<DistillDataOptions>(config, "Data"),
            JobConfiguration.Bind<HeadOptions>(config, "Head"),
            JobConfiguration.Bind<LossOptions>(config, "Loss"),
            JobConfiguration.Bind<OptimizationOptions>(config, "Training"),
            JobConfiguration.Bind<DistillOutputOptions>(config, "Output"),
            resolved);
    }

    /// <summary>Refuses outputs that would overwrite the teacher, the data, the cache, the config or each other.</summary>
    public void RequireSafeOutputs(string configPath)
    {
        var inputs = new (string, string?)[]
        {
            ("Teacher:ModelDir", Teacher.ModelDir), ("Data:Train:Dir", Data.Train.Dir), ("Data:Val:Dir", Data.Val.Dir),
            ("Teacher:CacheDir", Teacher.CacheDir), ("the config file", configPath),
        };
        OutputSafety.RequireApart(("Output:ScorerDir", Output.ScorerDir), [.. inputs, ("Output:RunDir", Output.RunDir)]);
        OutputSafety.RequireApart(("Output:RunDir", Output.RunDir), inputs);
        OutputSafety.RequireReplaceable("Output:ScorerDir", Output.ScorerDir, [ScorerCheckpoint.WeightsFile, ScorerCheckpoint.MetadataFile]);
    }

    public void SaveResolved(string path) =>
        File.WriteAllText(path, Resolved.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}

using System.Text.Json;
using System.Text.Json.Nodes;
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
        return new DistillJobConfig(
            JobConfiguration.Bind<TeacherOptions>(config, "Teacher"),
            JobConfiguration.Bind<DistillDataOptions>(config, "Data"),
            JobConfiguration.Bind<HeadOptions>(config, "Head"),
            JobConfiguration.Bind<LossOptions>(config, "Loss"),
            JobConfiguration.Bind<OptimizationOptions>(config, "Training"),
            JobConfiguration.Bind<DistillOutputOptions>(config, "Output"),
            ResolvedConfig.ToJson(config));
    }

    public void SaveResolved(string path) =>
        File.WriteAllText(path, Resolved.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}

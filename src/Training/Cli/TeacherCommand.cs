using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Distillation;

namespace AsymVLM.Training.Cli;

/// <summary>
/// <c>teacher</c>: computes one shard of the teacher targets (train and val splits) into the shared cache. Without
/// --shard, the index comes from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX; the count from --num-shards,
/// SLURM_ARRAY_TASK_COUNT or Teacher:NumShards.
/// </summary>
public static class TeacherCommand
{
    public static Command Create()
    {
        var config = ConfigArgument.Create("a distillation config, e.g. train.json");
        var shard = new Option<int?>("--shard") { Description = "this process's shard (default: SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)", HelpName = "i" };
        var shards = new Option<int?>("--num-shards") { Description = "shard count (default: SLURM_ARRAY_TASK_COUNT or Teacher:NumShards)", HelpName = "n" };
        var overrides = ConfigArgument.Overrides();
        var command = new Command("teacher", "Compute one shard of the teacher targets (train and val splits) into the shared cache.")
        {
            config, overrides, shard, shards,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(config)!;
            var job = DistillJobConfig.Bind(path, JobConfiguration.Build(path, parse.GetValue(overrides)!));
            int? index = parse.GetValue(shard), count = parse.GetValue(shards);
            var assignment = ShardAssignment.Resolve(index, count ?? (index is null ? null : job.Teacher.NumShards), Environment.GetEnvironmentVariable);
            if (assignment.Shards != job.Teacher.NumShards)
                throw new ConfigurationException($"Teacher:NumShards is {job.Teacher.NumShards} but this process was given {assignment.Shards} shards; set --Teacher:NumShards={assignment.Shards}.");
            Logging.Start();
            var teacher = VlmLoader.Load(job.Teacher.ModelDir, job.Teacher.Target);
            TeacherPass.ComputeShard(teacher, job.Teacher, job.Data.Train, assignment);
            TeacherPass.ComputeShard(teacher, job.Teacher, job.Data.Val, assignment);
            return 0;
        });
        return command.WithExamples("dotnet run --project src/Training -- teacher train.json --shard 0 --num-shards 4 --Teacher:NumShards=4");
    }
}

using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Distillation;

namespace AsymVLM.Training.Cli;

/// <summary>
/// <c>teacher train.json [--shard i --num-shards n] [--Section:Key=value ...]</c>: computes one shard of the
/// teacher targets (train and val splits) into the shared cache. Without --shard, the index comes from
/// SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX; the count from --num-shards, SLURM_ARRAY_TASK_COUNT or Teacher:NumShards.
/// </summary>
public static class TeacherCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0) throw new ArgumentException("usage: teacher CONFIG.json [--shard i --num-shards n] [--Section:Key=value ...]");
        var args = new CommandLineArgs(argv);
        var overrides = OverridesWithout(argv.Skip(1).ToList(), "--shard", "--num-shards");
        var job = DistillJobConfig.Bind(argv[0], JobConfiguration.Build(argv[0], overrides));
        int? shard = args.Get("--shard") is null ? null : args.Int("--shard", 0);
        int? shards = args.Get("--num-shards") is null ? null : args.Int("--num-shards", 1);
        var assignment = ShardAssignment.Resolve(shard, shards ?? (shard is null ? null : job.Teacher.NumShards), Environment.GetEnvironmentVariable);
        if (assignment.Shards != job.Teacher.NumShards)
            throw new ConfigurationException($"Teacher:NumShards is {job.Teacher.NumShards} but this process was given {assignment.Shards} shards; set --Teacher:NumShards={assignment.Shards}.");
        Logging.Start();
        var teacher = VlmLoader.Load(job.Teacher.ModelDir, job.Teacher.Target);
        TeacherPass.ComputeShard(teacher, job.Teacher, job.Data.Train, assignment);
        TeacherPass.ComputeShard(teacher, job.Teacher, job.Data.Val, assignment);
        return 0;
    }

    static List<string> OverridesWithout(List<string> args, params string[] options)
    {
        var kept = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            if (options.Contains(args[i])) { i++; continue; }
            kept.Add(args[i]);
        }
        return kept;
    }
}

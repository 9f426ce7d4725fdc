namespace AsymVLM.Training.Distillation;

/// <summary>
/// Which teacher shard this process computes: <c>--shard i --num-shards n</c>, else a Slurm job array
/// (<c>SLURM_ARRAY_TASK_ID</c> / <c>SLURM_ARRAY_TASK_COUNT</c>) or a Kubernetes Indexed Job
/// (<c>JOB_COMPLETION_INDEX</c>, with n from --num-shards).
/// </summary>
public sealed record ShardAssignment(int Shard, int Shards)
{
    public static ShardAssignment Resolve(int? shard, int? shards, Func<string, string?> env)
    {
        shard ??= ParseEnv(env, "SLURM_ARRAY_TASK_ID") ?? ParseEnv(env, "JOB_COMPLETION_INDEX");
        shards ??= ParseEnv(env, "SLURM_ARRAY_TASK_COUNT");
        if (shard is null && shards is null) return new ShardAssignment(0, 1);
        if (shard is null || shards is null)
            throw new ArgumentException("A shard needs both its index and the shard count (--shard i --num-shards n, or the Slurm/Kubernetes variables).");
        if (shards < 1 || shard < 0 || shard >= shards)
            throw new ArgumentException($"Shard index {shard} is outside 0..{shards - 1}.");
        return new ShardAssignment(shard.Value, shards.Value);
    }

    static int? ParseEnv(Func<string, string?> env, string name) =>
        env(name) is { } text ? (int.TryParse(text, out int v) ? v : throw new ArgumentException($"{name}='{text}' is not an integer.")) : null;

    public bool Owns(long index) => index % Shards == Shard;
}

using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Training.Common;
using Serilog;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Makes sure a dataset's teacher targets exist in the cache (generating a missing synthetic split and
/// computing missing shards) and reads them.
/// </summary>
public static class TeacherPass
{
    /// <summary>Computes the given shards if missing (all when <paramref name="only"/> is null), then reads every shard.</summary>
    public static TeacherTargets Ensure(Vlm teacher, TeacherOptions options, DatasetOptions data, ShardAssignment? only = null)
    {
        var cache = Prepare(teacher, options, data);
        var shards = only is null ? Enumerable.Range(0, options.NumShards) : [only.Shard];
        foreach (int shard in shards) Compute(teacher, options, data, cache, new ShardAssignment(shard, options.NumShards));
        return cache.ReadAll(options.NumShards);
    }

    /// <summary>Computes one shard if it is missing (the teacher command, one per machine).</summary>
    public static void ComputeShard(Vlm teacher, TeacherOptions options, DatasetOptions data, ShardAssignment shard) =>
        Compute(teacher, options, data, Prepare(teacher, options, data), shard);

    static TeacherCache Prepare(Vlm teacher, TeacherOptions options, DatasetOptions data)
    {
        if (!File.Exists(data.Manifest))
        {
            Log.Information("Generating the synthetic split {Dir} (seed {Seed}, {Count} samples)", data.Dir, data.Seed, data.Count);
            SyntheticBenchmark.WriteDataset(data.Dir, data.Seed!.Value, data.Count!.Value);
        }
        return new TeacherCache(options.CacheDir, teacher.Hash, data.Manifest, data.Selection, options);
    }

    static void Compute(Vlm teacher, TeacherOptions options, DatasetOptions data, TeacherCache cache, ShardAssignment shard)
    {
        if (cache.HasShard(shard.Shard, shard.Shards))
        {
            Log.Information("Teacher cache hit: {Path}", cache.ShardPath(shard.Shard, shard.Shards));
            return;
        }
        var samples = Manifest.Read(data.Manifest);
        var mine = samples.Select((s, i) => (Sample: s, Index: (long)i))
            .Where(x => data.Uses(x.Index, x.Sample.Family) && shard.Owns(x.Index)).ToList();
        var signal = new TeacherSignal(teacher, options);
        var progress = new ProgressLog($"teacher {Path.GetFileName(data.Dir)} shard {shard.Shard}/{shard.Shards}", mine.Count, unit: "samples");
        var parts = new List<TeacherTargets>();
        for (int start = 0; start < mine.Count; start += options.BatchSize)
        {
            var batch = mine.Skip(start).Take(options.BatchSize).Select(x => new TeacherSignal.Item(
                x.Index, teacher.Images.FromFile(Manifest.ImagePath(data.Manifest, x.Sample)), x.Sample.Question, x.Sample.Answer)).ToList();
            parts.Add(signal.Compute(batch));
            foreach (var item in batch) item.Pixels.Dispose();
            progress.Report(Math.Min(start + options.BatchSize, mine.Count));
        }
        cache.WriteShard(shard.Shard, shard.Shards, TeacherTargets.Concat(parts));
        Log.Information("Wrote {Path}", cache.ShardPath(shard.Shard, shard.Shards));
    }
}

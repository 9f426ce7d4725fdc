using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Images;
using AsymVLM.Inference.Selection;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Training.Common;
using Serilog;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Makes sure a dataset's teacher targets exist in the cache (generating a missing synthetic split and
/// computing missing shards) and reads them. An AnyRes model's dataset must give one layout (the cache stores [n, N, D]):
/// an image of another layout is an error naming its file and both layouts.
/// </summary>
public static class TeacherPass
{
    /// <summary>Samples per chunk: what a killed pass loses at most (a few minutes of a real teacher).</summary>
    public const int DefaultChunkSamples = 256;

    /// <summary>Computes the given shards if missing (all when <paramref name="only"/> is null), then reads every shard.</summary>
    public static TeacherTargets Ensure(Vlm teacher, TeacherOptions options, DatasetOptions data, ShardAssignment? only = null,
        int chunkSamples = DefaultChunkSamples)
    {
        var cache = Prepare(teacher, options, data);
        var shards = only is null ? Enumerable.Range(0, options.NumShards) : [only.Shard];
        foreach (int shard in shards) Compute(teacher, options, data, cache, new ShardAssignment(shard, options.NumShards), chunkSamples);
        return cache.ReadAll(options.NumShards);
    }

    /// <summary>Computes one shard if it is missing (the teacher command, one per machine).</summary>
    public static void ComputeShard(Vlm teacher, TeacherOptions options, DatasetOptions data, ShardAssignment shard) =>
        Compute(teacher, options, data, Prepare(teacher, options, data), shard, DefaultChunkSamples);

    static TeacherCache Prepare(Vlm teacher, TeacherOptions options, DatasetOptions data)
    {
        if (!File.Exists(data.Manifest))
        {
            Log.Information("Generating the synthetic split {Dir} (seed {Seed}, {Count} samples)", data.Dir, data.Seed, data.Count);
            SyntheticBenchmark.WriteDataset(data.Dir, data.Seed!.Value, data.Count!.Value);
        }
        return new TeacherCache(options.CacheDir, teacher.Hash, data.Manifest, data.Selection, options);
    }

    /// <summary>
    /// The layout of the dataset's images (null for a one-view model): that of its first used sample, which every other
    /// must share. Training reads it to run the head's convolutions per view.
    /// </summary>
    public static VisionLayout? Layout(Vlm teacher, DatasetOptions data) => ImageLayout(teacher, data) is { } anyRes ? VisionLayout.AnyRes(anyRes) : null;

    /// <summary>The AnyRes geometry behind <see cref="Layout"/> (null for a one-view model): it also says how many views the tower encodes.</summary>
    public static AnyResLayout? ImageLayout(Vlm teacher, DatasetOptions data) => FirstLayout(teacher, data).Layout;

    static (string? File, AnyResLayout? Layout) FirstLayout(Vlm teacher, DatasetOptions data)
    {
        if (!teacher.Model.Config.IsAnyRes) return (null, null);
        var samples = Manifest.Read(data.Manifest);
        var first = samples.Select((s, i) => (Sample: s, Index: (long)i)).FirstOrDefault(x => data.Uses(x.Index, x.Sample.Family));
        if (first.Sample is null) throw new InvalidOperationException($"The dataset {data.Manifest} selects no sample ({data.Selection}).");
        var file = Manifest.ImagePath(data.Manifest, first.Sample);
        using var image = teacher.Images.FromFile(file);
        return (file, image.AnyRes);
    }

    /// <summary>One sample's image, refused when its AnyRes layout is not the dataset's.</summary>
    static ImagePixels Read(Vlm teacher, string file, string? layoutFile, AnyResLayout? layout)
    {
        var image = teacher.Images.FromFile(file);
        if (image.AnyRes == layout) return image;
        image.Dispose();
        throw new InvalidDataException($"The teacher pass takes one AnyRes layout per dataset (its cache stores [n, N, D]): {file} gives " +
            $"{TeacherBatch.Describe(image.AnyRes)}, {layoutFile} gives {TeacherBatch.Describe(layout)}. Resize the images to one size, or split the dataset by layout.");
    }

    /// <summary>
    /// Computes a shard chunk by chunk, each chunk written as it finishes; chunks already on disk (a killed pass) are read
    /// instead of recomputed, and the finished shard replaces them.
    /// </summary>
    static void Compute(Vlm teacher, TeacherOptions options, DatasetOptions data, TeacherCache cache, ShardAssignment shard, int chunkSamples)
    {
        if (cache.HasShard(shard.Shard, shard.Shards))
        {
            Log.Information("Teacher cache hit: {Path}", cache.ShardPath(shard.Shard, shard.Shards));
            return;
        }
        var samples = Manifest.Read(data.Manifest);
        var mine = samples.Select((s, i) => (Sample: s, Index: (long)i))
            .Where(x => data.Uses(x.Index, x.Sample.Family) && shard.Owns(x.Index)).ToList();
        var (layoutFile, layout) = FirstLayout(teacher, data);
        var signal = new TeacherSignal(teacher, options);
        var progress = new ProgressLog($"teacher {Path.GetFileName(data.Dir)} shard {shard.Shard}/{shard.Shards}", mine.Count, unit: "samples");
        var chunks = new List<TeacherTargets>();
        for (int chunk = 0, first = 0; first < mine.Count; chunk++, first += chunkSamples)
        {
            int end = Math.Min(first + chunkSamples, mine.Count);
            var path = cache.ChunkPath(shard.Shard, shard.Shards, chunk);
            if (File.Exists(path))
            {
                Log.Information("Teacher chunk {Chunk} of a previous pass read back: {Path}", chunk, path);
                chunks.Add(TeacherCache.Read(path));
                progress.Report(end);
                continue;
            }
            var parts = new List<TeacherTargets>();
            for (int start = first; start < end; start += options.BatchSize)
            {
                var batch = mine.Skip(start).Take(Math.Min(options.BatchSize, end - start)).Select(x => new TeacherSignal.Item(
                    x.Index, Read(teacher, Manifest.ImagePath(data.Manifest, x.Sample), layoutFile, layout), x.Sample.Question, x.Sample.Answer)).ToList();
                parts.Add(signal.Compute(batch));
                foreach (var item in batch) item.Pixels.Dispose();
                progress.Report(Math.Min(start + options.BatchSize, end));
            }
            var targets = TeacherTargets.Concat(parts);
            cache.WriteChunk(shard.Shard, shard.Shards, chunk, targets);
            chunks.Add(targets);
        }
        cache.WriteShard(shard.Shard, shard.Shards, TeacherTargets.Concat(chunks));
        cache.DeleteChunks(shard.Shard, shard.Shards);
        Log.Information("Wrote {Path}", cache.ShardPath(shard.Shard, shard.Shards));
    }
}

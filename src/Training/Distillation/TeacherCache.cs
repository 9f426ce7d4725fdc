using System.Security.Cryptography;
using System.Text;
using AsymVLM.Data.SafeTensors;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Teacher targets on disk, in safetensors shards under a key that hashes the teacher's content hash,
/// the dataset manifest's bytes, the samples selected (limit, families) and the signal settings (<see cref="TeacherOptions.CacheSettings"/>): change any
/// of them and the cache is recomputed.
/// Shard i of n holds the samples whose index ≡ i (mod n), so shards can be computed on many machines.
/// </summary>
/// <param name="selection">which of the manifest's samples are used, <see cref="DatasetOptions.Selection"/></param>
public sealed class TeacherCache(string root, string teacherHash, string manifestPath, string selection, TeacherOptions signal)
{
    public string Key { get; } = ComputeKey(teacherHash, manifestPath, selection, signal);
    public string Dir => Path.Combine(root, Key);

    public string ShardPath(int shard, int shards) => Path.Combine(Dir, $"shard-{shard:D4}-of-{shards:D4}.safetensors");

    public bool HasShard(int shard, int shards) => File.Exists(ShardPath(shard, shards));

    /// <summary>Where a shard keeps its finished chunks while it is computed, so a killed pass resumes after the last one.</summary>
    public string ChunkPath(int shard, int shards, int chunk) => Path.Combine(Dir, $"shard-{shard:D4}-of-{shards:D4}.chunk-{chunk:D5}.safetensors");

    public void WriteShard(int shard, int shards, TeacherTargets targets) => Write(ShardPath(shard, shards), shard, shards, targets);

    public void WriteChunk(int shard, int shards, int chunk, TeacherTargets targets) => Write(ChunkPath(shard, shards, chunk), shard, shards, targets);

    /// <summary>Removes a finished shard's chunks.</summary>
    public void DeleteChunks(int shard, int shards)
    {
        foreach (var chunk in Directory.GetFiles(Dir, $"shard-{shard:D4}-of-{shards:D4}.chunk-*.safetensors")) File.Delete(chunk);
    }

    // Atomic (written to a temporary, then renamed): a killed write leaves no file that looks finished.
    void Write(string path, int shard, int shards, TeacherTargets targets)
    {
        Directory.CreateDirectory(Dir);
        SafeTensorsWriter.Save(path, targets.Named(), new Dictionary<string, string>
        {
            ["teacher_hash"] = teacherHash, ["manifest"] = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!),
            ["shard"] = shard.ToString(), ["num_shards"] = shards.ToString(), ["key"] = Key,
        });
    }

    /// <summary>Reads all n shards, sorted by sample index; a missing shard is an error naming it.</summary>
    public TeacherTargets ReadAll(int shards)
    {
        var parts = new List<TeacherTargets>();
        for (int i = 0; i < shards; i++)
        {
            var path = ShardPath(i, shards);
            if (!File.Exists(path)) throw new FileNotFoundException($"Teacher cache shard missing: {path} (compute it with the teacher command, --shard {i} --num-shards {shards}).", path);
            parts.Add(Read(path));
        }
        var all = TeacherTargets.Concat(parts);
        var order = all.Indices.argsort();
        return new TeacherTargets(all.Indices[order], all.Distribution[order], all.Budget[order],
            all.VisionTokens[order], all.QuestionIds[order], all.EncoderAttention[order]);
    }

    /// <summary>One shard or chunk file's targets.</summary>
    public static TeacherTargets Read(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        return new TeacherTargets(file.Read(TeacherTargets.IndicesName), file.Read(TeacherTargets.DistributionName),
            file.Read(TeacherTargets.BudgetName), file.Read(TeacherTargets.VisionTokensName),
            file.Read(TeacherTargets.QuestionIdsName), file.Read(TeacherTargets.EncoderAttentionName));
    }

    static string ComputeKey(string teacherHash, string manifestPath, string selection, TeacherOptions s)
    {
        var settings = s.CacheSettings().ToJsonString() + "\n" + selection;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(teacherHash + "\n" + settings + "\n"));
        sha.AppendData(File.ReadAllBytes(manifestPath));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}

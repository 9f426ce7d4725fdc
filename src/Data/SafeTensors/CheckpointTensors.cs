using TorchSharp;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// The tensors of a HuggingFace model directory: either sharded (model.safetensors.index.json mapping
/// each tensor to a shard file, shards opened on first use) or a single model.safetensors.
/// </summary>
public sealed class CheckpointTensors : IDisposable
{
    public const string IndexFileName = "model.safetensors.index.json";
    public const string SingleFileName = "model.safetensors";

    // The index file when sharded, else the single model.safetensors: what error messages point at.
    readonly string source;
    readonly IReadOnlyList<string> names;
    readonly Dictionary<string, string> shardPathOf;
    readonly Dictionary<string, SafeTensorsFile> openShards = new();
    readonly Lock shardsLock = new();

    CheckpointTensors(string source, IReadOnlyList<string> names, Dictionary<string, string> shardPathOf)
    {
        this.source = source;
        this.names = names;
        this.shardPathOf = shardPathOf;
    }

    /// <summary>Every tensor name: the index's weight_map order, or the single file's data order.</summary>
    public IEnumerable<string> Names => names;

    public static CheckpointTensors Open(string directory)
    {
        string index = Path.Combine(directory, IndexFileName);
        if (File.Exists(index))
            return FromIndex(directory, index);

        string single = Path.Combine(directory, SingleFileName);
        if (File.Exists(single))
        {
            var file = SafeTensorsFile.Open(single);
            var checkpoint = new CheckpointTensors(single,
                file.Tensors.Select(t => t.Name).ToList(),
                file.Tensors.ToDictionary(t => t.Name, _ => single));
            checkpoint.openShards.Add(single, file);
            return checkpoint;
        }
        throw new FileNotFoundException(
            $"checkpoint directory '{directory}' has neither {IndexFileName} nor {SingleFileName}");
    }

    static CheckpointTensors FromIndex(string directory, string index)
    {
        var weightMap = ShardIndex.ReadWeightMap(index);
        var shardPathOf = new Dictionary<string, string>();
        foreach (var (tensor, shard) in weightMap)
        {
            string shardPath = Path.Combine(directory, shard);
            if (!File.Exists(shardPath))
                throw new FileNotFoundException(
                    $"'{index}' maps tensor '{tensor}' to shard '{shard}', which is missing from '{directory}'", shardPath);
            shardPathOf.Add(tensor, shardPath);
        }
        return new CheckpointTensors(index, weightMap.Select(w => w.Key).ToList(), shardPathOf);
    }

    public bool Contains(string name) => shardPathOf.ContainsKey(name);

    public TensorInfo Info(string name) => ShardHolding(name).Info(name);

    public torch.Tensor Read(string name, torch.ScalarType? convertTo = null, torch.Device? device = null) =>
        ShardHolding(name).Read(name, convertTo, device);

    SafeTensorsFile ShardHolding(string name)
    {
        if (!shardPathOf.TryGetValue(name, out var shardPath))
            throw new KeyNotFoundException($"tensor '{name}' is not in checkpoint '{source}'");

        SafeTensorsFile shard;
        lock (shardsLock)
        {
            if (!openShards.TryGetValue(shardPath, out shard!))
            {
                shard = SafeTensorsFile.Open(shardPath);
                openShards.Add(shardPath, shard);
            }
        }
        if (!shard.Contains(name))
            throw new SafeTensorsFormatException(source,
                $"weight_map places the tensor in '{Path.GetFileName(shardPath)}', which does not hold it", name);
        return shard;
    }

    public void Dispose()
    {
        lock (shardsLock)
        {
            foreach (var shard in openShards.Values)
                shard.Dispose();
            openShards.Clear();
        }
    }
}

using System.Text.Json;
using static TorchSharp.torch;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// The tensors of an HF model directory: <c>model.safetensors</c>, or shards listed by
/// <c>model.safetensors.index.json</c> (<c>weight_map</c>: tensor -> file), opened lazily.
/// </summary>
public sealed class CheckpointTensors : IDisposable
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    readonly string dir;
    readonly Dictionary<string, string> fileOf;
    readonly Dictionary<string, SafeTensorsFile> open = new();

    CheckpointTensors(string dir, Dictionary<string, string> fileOf)
    {
        this.dir = dir;
        this.fileOf = fileOf;
    }

    public static CheckpointTensors Open(string dir)
    {
        var index = System.IO.Path.Combine(dir, IndexFile);
        if (File.Exists(index)) return new CheckpointTensors(dir, ReadIndex(dir, index));
        var single = System.IO.Path.Combine(dir, SingleFile);
        if (!File.Exists(single)) throw new FileNotFoundException($"{dir}: neither {SingleFile} nor {IndexFile} found.", single);
        using var file = SafeTensorsFile.Open(single);
        return new CheckpointTensors(dir, file.Tensors.ToDictionary(t => t.Name, _ => SingleFile));
    }

    static Dictionary<string, string> ReadIndex(string dir, string index)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(index));
            if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{index}: missing the 'weight_map' object.");
            var result = new Dictionary<string, string>();
            foreach (var entry in map.EnumerateObject())
            {
                var file = entry.Value.GetString() ?? "";
                if (file.Length == 0 || file.Contains('/') || file.Contains('\\') || file.Contains(".."))
                    throw new InvalidDataException($"{index}: weight '{entry.Name}' names an invalid file '{file}'.");
                if (!File.Exists(System.IO.Path.Combine(dir, file)))
                    throw new FileNotFoundException($"{index}: weight '{entry.Name}' is in '{file}', which does not exist in {dir}.");
                result[entry.Name] = file;
            }
            return result;
        }
        catch (JsonException e) { throw new InvalidDataException($"{index}: invalid JSON: {e.Message}", e); }
    }

    public IEnumerable<string> Names => fileOf.Keys;
    public bool Contains(string name) => fileOf.ContainsKey(name);

    public TensorInfo Info(string name) => FileOf(name).Info(name);

    public Tensor Read(string name, ScalarType? convertTo = null, Device? device = null) => FileOf(name).Read(name, convertTo, device);

    SafeTensorsFile FileOf(string name)
    {
        if (!fileOf.TryGetValue(name, out var file)) throw new KeyNotFoundException($"{dir}: no tensor named '{name}'.");
        if (!open.TryGetValue(file, out var handle))
        {
            handle = SafeTensorsFile.Open(System.IO.Path.Combine(dir, file));
            if (!handle.Contains(name)) throw new InvalidDataException($"{System.IO.Path.Combine(dir, IndexFile)}: '{name}' is mapped to '{file}', which does not hold it.");
            open[file] = handle;
        }
        return handle;
    }

    public void Dispose()
    {
        foreach (var f in open.Values) f.Dispose();
    }
}

using System.Text.Json;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// The "weight_map" of a HuggingFace sharded checkpoint index (model.safetensors.index.json):
/// tensor name -> shard file name, in the index's order.
/// </summary>
internal static class ShardIndex
{
    public static IReadOnlyList<KeyValuePair<string, string>> ReadWeightMap(string indexPath)
    {
        using var document = Parse(indexPath);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("weight_map", out var weightMap)
            || weightMap.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException(indexPath, "index has no 'weight_map' object");

        var entries = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>();
        foreach (var weight in weightMap.EnumerateObject())
        {
            if (weight.Value.ValueKind != JsonValueKind.String)
                throw new SafeTensorsFormatException(indexPath, $"weight_map value is a JSON {weight.Value.ValueKind}, not a file name", weight.Name);
            string shard = weight.Value.GetString()!;
            // Shards live beside the index; anything else (paths, "..") could read outside the checkpoint.
            if (shard.Length == 0 || shard != Path.GetFileName(shard) || shard is "." or "..")
                throw new SafeTensorsFormatException(indexPath, $"weight_map names '{shard}', which is not a plain file name", weight.Name);
            if (!seen.Add(weight.Name))
                throw new SafeTensorsFormatException(indexPath, "tensor appears twice in weight_map", weight.Name);
            entries.Add(new(weight.Name, shard));
        }
        return entries;
    }

    static JsonDocument Parse(string indexPath)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(indexPath));
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(indexPath, $"index is not valid JSON: {e.Message}", inner: e);
        }
    }
}

using System.Text.Json;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// Parses and validates a safetensors header as untrusted input: every entry's dtype, shape and offsets,
/// byte counts against shapes (with overflow checks), ranges inside the data buffer and not overlapping.
/// </summary>
public static class SafeTensorsHeader
{
    public const long MaxHeaderBytes = 100L << 20;

    public static (List<TensorInfo> Tensors, Dictionary<string, string> Metadata) Parse(string file, ReadOnlySpan<byte> json, long dataLength)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json.ToArray()); }
        catch (JsonException e) { throw new SafeTensorsFormatException($"{file}: header is not valid JSON: {e.Message}"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new SafeTensorsFormatException($"{file}: header is not a JSON object.");
            var tensors = new List<TensorInfo>();
            var metadata = new Dictionary<string, string>();
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") { ReadMetadata(file, entry.Value, metadata); continue; }
                tensors.Add(ReadEntry(file, entry.Name, entry.Value, dataLength));
            }
            CheckNoOverlap(file, tensors);
            return (tensors, metadata);
        }
    }

    static void ReadMetadata(string file, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object) throw new SafeTensorsFormatException($"{file}: __metadata__ must be an object of strings.");
        foreach (var kv in value.EnumerateObject())
            metadata[kv.Name] = kv.Value.ValueKind == JsonValueKind.String ? kv.Value.GetString()!
                : throw new SafeTensorsFormatException($"{file}: __metadata__['{kv.Name}'] must be a string.");
    }

    static TensorInfo ReadEntry(string file, string name, JsonElement value, long dataLength)
    {
        string where = $"{file}: tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object) throw new SafeTensorsFormatException($"{where}: entry is not an object.");
        if (!value.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String)
            throw new SafeTensorsFormatException($"{where}: missing dtype.");
        string dtype = dtypeEl.GetString()!;
        if (!SafeTensorsDType.TryParse(dtype, out var type, out int size))
            throw new SafeTensorsFormatException($"{where}: unknown dtype '{dtype}' (known: {string.Join(", ", SafeTensorsDType.Names)}).");
        var shape = ReadLongs(where, value, "shape", null);
        var offsets = ReadLongs(where, value, "data_offsets", 2);
        long begin = offsets[0], end = offsets[1];
        if (begin > end) throw new SafeTensorsFormatException($"{where}: data_offsets [{begin}, {end}] begin after end.");
        if (end > dataLength) throw new SafeTensorsFormatException($"{where}: data_offsets [{begin}, {end}] reach past the data ({dataLength} bytes; truncated file?).");
        long expected;
        try { expected = checked(shape.Aggregate(1L, (a, d) => a * d) * size); }
        catch (OverflowException) { throw new SafeTensorsFormatException($"{where}: shape [{string.Join(", ", shape)}] is too large."); }
        if (expected != end - begin)
            throw new SafeTensorsFormatException($"{where}: shape [{string.Join(", ", shape)}] of {dtype} needs {expected} bytes, data_offsets give {end - begin}.");
        return new TensorInfo(name, dtype, type, shape, begin, end);
    }

    static long[] ReadLongs(string where, JsonElement value, string key, int? count)
    {
        if (!value.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new SafeTensorsFormatException($"{where}: missing {key}.");
        var result = new List<long>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long v) || v < 0)
                throw new SafeTensorsFormatException($"{where}: {key} must hold non-negative integers, got {array.GetRawText()}.");
            result.Add(v);
        }
        if (count is { } c && result.Count != c) throw new SafeTensorsFormatException($"{where}: {key} must have {c} entries, got {result.Count}.");
        return result.ToArray();
    }

    static void CheckNoOverlap(string file, List<TensorInfo> tensors)
    {
        var ordered = tensors.Where(t => t.ByteCount > 0).OrderBy(t => t.Begin).ToList();
        for (int i = 1; i < ordered.Count; i++)
            if (ordered[i].Begin < ordered[i - 1].End)
                throw new SafeTensorsFormatException($"{file}: tensors '{ordered[i - 1].Name}' and '{ordered[i].Name}' overlap in the data buffer.");
    }
}

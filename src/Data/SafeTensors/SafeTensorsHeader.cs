using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// The parsed and validated header of a safetensors file: an 8-byte little-endian length N, then N bytes
/// of JSON. Tensors are listed in data order. Treats the file as untrusted: every inconsistency is a
/// <see cref="SafeTensorsFormatException"/>, and nothing is allocated before its size has been checked.
/// </summary>
internal sealed record SafeTensorsHeader(
    IReadOnlyList<TensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata, long DataStart)
{
    public const string MetadataKey = "__metadata__";

    // The cap the reference implementation uses; a real header is a few hundred KB at most.
    const ulong MaxHeaderBytes = 100_000_000;

    public static SafeTensorsHeader Read(string path, SafeFileHandle file)
    {
        long fileLength = RandomAccess.GetLength(file);
        if (fileLength < 8)
            throw new SafeTensorsFormatException(path, $"file is {fileLength} bytes, too short for the 8-byte header length");

        Span<byte> prefix = stackalloc byte[8];
        FileBytes.ReadExactly(file, prefix, 0, path, tensorName: null);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
            throw new SafeTensorsFormatException(path, $"header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");
        if (headerLength > (ulong)(fileLength - 8))
            throw new SafeTensorsFormatException(path,
                $"header length {headerLength} runs past the end of the {fileLength}-byte file");

        var json = new byte[headerLength];
        FileBytes.ReadExactly(file, json, 8, path, tensorName: null);
        long dataStart = 8 + (long)headerLength;

        using var document = ParseJson(path, json);
        var (tensors, metadata) = ParseEntries(path, document.RootElement);
        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        TensorLayout.Check(path, tensors, fileLength - dataStart);
        return new SafeTensorsHeader(tensors, metadata, dataStart);
    }

    static JsonDocument ParseJson(string path, byte[] json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(path, $"header is not valid JSON: {e.Message}", inner: e);
        }
    }

    static (List<TensorInfo> Tensors, Dictionary<string, string> Metadata) ParseEntries(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException(path, $"header is a JSON {root.ValueKind}, not an object");

        var tensors = new List<TensorInfo>();
        var metadata = new Dictionary<string, string>();
        var seen = new HashSet<string>();
        foreach (var property in root.EnumerateObject())
        {
            // JSON permits repeated keys; a repeated tensor name would make lookups ambiguous.
            if (!seen.Add(property.Name))
                throw new SafeTensorsFormatException(path, "key appears twice in the header", property.Name);
            if (property.Name == MetadataKey)
                ReadMetadata(path, property.Value, metadata);
            else
                tensors.Add(TensorEntryParser.Parse(path, property.Name, property.Value));
        }
        return (tensors, metadata);
    }

    static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> into)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return;
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException(path, $"'{MetadataKey}' is a JSON {value.ValueKind}, not an object");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw new SafeTensorsFormatException(path,
                    $"'{MetadataKey}' entry '{entry.Name}' is a JSON {entry.Value.ValueKind}; metadata values must be strings");
            if (!into.TryAdd(entry.Name, entry.Value.GetString()!))
                throw new SafeTensorsFormatException(path, $"'{MetadataKey}' entry '{entry.Name}' appears twice");
        }
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using TorchSharp;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// Writes safetensors files laid out exactly as Python's <c>safetensors</c> does: tensors sorted by
/// descending dtype alignment and then by name (so every tensor starts aligned to its element size),
/// "__metadata__" first in the header, the JSON header padded with spaces to a multiple of 8 bytes.
/// </summary>
public static class SafeTensorsWriter
{
    sealed record Entry(string Name, torch.Tensor Tensor, string DType, int AlignmentRank, long ByteLength);

    /// <summary>
    /// Saves the tensors atomically: data is streamed to a temporary file beside <paramref name="path"/>,
    /// which then replaces it. GPU or non-contiguous tensors are copied to contiguous CPU memory one at a time.
    /// </summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, torch.Tensor>> tensors,
                            IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var entries = Plan(tensors);
        byte[] header = HeaderJson(entries, metadata);

        string temporary = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var entry in entries)
                    WriteData(stream, entry.Tensor);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    static List<Entry> Plan(IEnumerable<KeyValuePair<string, torch.Tensor>> tensors)
    {
        var entries = new List<Entry>();
        var names = new HashSet<string>();
        foreach (var (name, tensor) in tensors)
        {
            if (name is null || tensor is null)
                throw new ArgumentException("tensor names and tensors must not be null", nameof(tensors));
            if (name == SafeTensorsHeader.MetadataKey)
                throw new ArgumentException($"'{name}' is reserved for the metadata map", nameof(tensors));
            if (!names.Add(name))
                throw new ArgumentException($"tensor name '{name}' appears twice", nameof(tensors));
            if (!SafeTensorsDType.TryFromScalarType(tensor.dtype, out var dtype, out int elementSize, out int rank))
                throw new ArgumentException(
                    $"tensor '{name}' has dtype {tensor.dtype}; supported: {SafeTensorsDType.SupportedNames}", nameof(tensors));
            entries.Add(new Entry(name, tensor, dtype, rank, tensor.numel() * elementSize));
        }
        // Ordinal order equals Rust's byte-wise UTF-8 order except between astral and U+E000..U+FFFF chars.
        entries.Sort((a, b) => a.AlignmentRank != b.AlignmentRank
            ? b.AlignmentRank.CompareTo(a.AlignmentRank)
            : string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    static byte[] HeaderJson(List<Entry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping leaves non-ASCII names as raw UTF-8, as serde_json writes them.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is not null)
            {
                json.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    json.WriteString(key, value ?? throw new ArgumentException($"metadata '{key}' is null", nameof(metadata)));
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var entry in entries)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", entry.DType);
                json.WriteStartArray("shape");
                foreach (long dim in entry.Tensor.shape)
                    json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + entry.ByteLength);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += entry.ByteLength;
            }
            json.WriteEndObject();
        }
        // Pad with spaces so the data buffer starts 8-byte aligned.
        int padding = (8 - buffer.WrittenCount % 8) % 8;
        buffer.GetSpan(padding)[..padding].Fill((byte)' ');
        buffer.Advance(padding);
        return buffer.WrittenSpan.ToArray();
    }

    static void WriteData(Stream stream, torch.Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous();
        TensorBytes.WriteTo(stream, cpu);
    }
}

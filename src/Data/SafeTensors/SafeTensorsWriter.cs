using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// Writes tensors in the safetensors format (readable by Python's safetensors): 8-byte header length,
/// JSON header padded with spaces to a multiple of 8, then each tensor's C-contiguous little-endian bytes
/// in header order. Written to a temporary file and renamed, so a crash never leaves a partial file.
/// </summary>
public static class SafeTensorsWriter
{
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var entries = tensors.ToList();
        var duplicate = entries.GroupBy(e => e.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Tensor name '{duplicate.Key}' appears twice.");

        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var (name, t) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            long bytes = t.NumberOfElements * t.ElementSize;
            header[name] = new { dtype = SafeTensorsDType.NameOf(t.dtype), shape = t.shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;

        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var temp = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(BitConverter.GetBytes((ulong)padded));
                stream.Write(json);
                for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
                foreach (var (_, t) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    using var cpu = t.detach().cpu().contiguous();
                    if (cpu.NumberOfElements > 0) stream.Write(cpu.bytes);
                }
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}

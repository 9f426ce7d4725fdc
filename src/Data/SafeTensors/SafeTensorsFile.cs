using Microsoft.Win32.SafeHandles;
using static TorchSharp.torch;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// A safetensors file opened for reading: the header is parsed and validated up front; each tensor is
/// read on demand straight from the file into the tensor's own memory (no whole-file buffer).
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    readonly SafeFileHandle handle;
    readonly Dictionary<string, TensorInfo> byName;
    readonly long dataStart;

    public string Path { get; }
    public IReadOnlyList<TensorInfo> Tensors { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    SafeTensorsFile(string path, SafeFileHandle handle, List<TensorInfo> tensors, Dictionary<string, string> metadata, long dataStart)
    {
        Path = path;
        this.handle = handle;
        Tensors = tensors;
        Metadata = metadata;
        this.dataStart = dataStart;
        byName = tensors.ToDictionary(t => t.Name);
    }

    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Safetensors file not found: {path}", path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long length = RandomAccess.GetLength(handle);
            if (length < 8) throw new SafeTensorsFormatException($"{path}: {length} bytes is too short for a safetensors header.");
            Span<byte> prefix = stackalloc byte[8];
            RandomAccess.Read(handle, prefix, 0);
            ulong headerLength = BitConverter.ToUInt64(prefix);
            if (headerLength > (ulong)SafeTensorsHeader.MaxHeaderBytes)
                throw new SafeTensorsFormatException($"{path}: header length {headerLength} exceeds the {SafeTensorsHeader.MaxHeaderBytes}-byte limit.");
            if (8 + (long)headerLength > length)
                throw new SafeTensorsFormatException($"{path}: header length {headerLength} reaches past the end of the file ({length} bytes).");
            var json = new byte[headerLength];
            ReadExactly(handle, json, 8, path);
            long dataStart = 8 + (long)headerLength;
            var (tensors, metadata) = SafeTensorsHeader.Parse(path, json, length - dataStart);
            return new SafeTensorsFile(path, handle, tensors, metadata, dataStart);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => byName.ContainsKey(name);

    public TensorInfo Info(string name) => byName.TryGetValue(name, out var info) ? info
        : throw new KeyNotFoundException($"{Path}: no tensor named '{name}'.");

    /// <summary>Reads a tensor, optionally converting its dtype and moving it to a device.</summary>
    public Tensor Read(string name, ScalarType? convertTo = null, Device? device = null)
    {
        var info = Info(name);
        var tensor = empty(info.Shape, info.ScalarType);
        if (info.ByteCount > 0)
        {
            if (info.ByteCount > int.MaxValue)
                throw new SafeTensorsFormatException($"{Path}: tensor '{name}' is {info.ByteCount} bytes; tensors over 2 GiB are not supported.");
            ReadExactly(handle, tensor.bytes, dataStart + info.Begin, $"{Path}: tensor '{name}'");
        }
        if (convertTo is { } dtype && dtype != info.ScalarType) tensor = Replace(tensor, tensor.to(dtype));
        if (device is not null && device.type != TorchSharp.DeviceType.CPU) tensor = Replace(tensor, tensor.to(device));
        return tensor;
    }

    static Tensor Replace(Tensor old, Tensor next)
    {
        old.Dispose();
        return next;
    }

    static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset, string what)
    {
        while (buffer.Length > 0)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0) throw new SafeTensorsFormatException($"{what}: unexpected end of file.");
            buffer = buffer[read..];
            offset += read;
        }
    }

    public void Dispose() => handle.Dispose();
}

using Microsoft.Win32.SafeHandles;
using TorchSharp;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// An open safetensors file. <see cref="Open"/> reads and validates only the header; <see cref="Read"/>
/// then loads one tensor at a time straight from the file into the tensor's memory, so checkpoints far
/// larger than a .NET array can be loaded. Reads are positional, so concurrent reads are safe.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    readonly SafeFileHandle file;
    readonly long dataStart;
    readonly Dictionary<string, TensorInfo> byName;

    SafeTensorsFile(string path, SafeFileHandle file, SafeTensorsHeader header)
    {
        Path = path;
        this.file = file;
        dataStart = header.DataStart;
        Tensors = header.Tensors;
        Metadata = header.Metadata;
        byName = header.Tensors.ToDictionary(t => t.Name);
    }

    public string Path { get; }

    /// <summary>Every tensor in the file, in the order their bytes appear.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>The header's "__metadata__" map; empty when absent.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafeTensorsFile Open(string path)
    {
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            return new SafeTensorsFile(path, file, SafeTensorsHeader.Read(path, file));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => byName.ContainsKey(name);

    public TensorInfo Info(string name) =>
        byName.TryGetValue(name, out var info)
            ? info
            : throw new KeyNotFoundException($"tensor '{name}' is not in safetensors file '{Path}'");

    /// <summary>
    /// Loads one tensor (CPU, stored dtype), then moves it to <paramref name="device"/> and converts it
    /// to <paramref name="convertTo"/> when given.
    /// </summary>
    public torch.Tensor Read(string name, torch.ScalarType? convertTo = null, torch.Device? device = null)
    {
        ObjectDisposedException.ThrowIf(file.IsClosed, this);
        var info = Info(name);

        using var scope = torch.NewDisposeScope();
        var tensor = torch.empty(info.Shape, info.ScalarType, torch.CPU);
        TensorBytes.ReadFrom(file, dataStart + info.Begin, tensor, Path, name);
        // Move before converting: checkpoints are usually stored narrower (BF16/F16) than the compute
        // dtype, so the transfer is smaller and the conversion runs on the faster device.
        if (device is not null)
            tensor = tensor.to(device);
        if (convertTo is { } dtype)
            tensor = tensor.to_type(dtype);
        return tensor.MoveToOuterDisposeScope();
    }

    public void Dispose() => file.Dispose();
}

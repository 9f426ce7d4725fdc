using Microsoft.Win32.SafeHandles;
using TorchSharp;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// Moves a CPU tensor's raw bytes to and from files without a managed copy: file I/O goes straight
/// into or out of the tensor's native memory, one chunk at a time, because <c>Tensor.bytes</c> is a
/// <see cref="Span{T}"/> and so cannot exceed 2 GB.
/// </summary>
internal static class TensorBytes
{
    public const long DefaultChunkBytes = 256L << 20;

    delegate void ChunkAction(Span<byte> chunk);

    /// <summary>Fills a freshly allocated contiguous CPU tensor from the file at <paramref name="fileOffset"/>.</summary>
    public static void ReadFrom(SafeFileHandle file, long fileOffset, torch.Tensor destination, string path,
                                string tensorName, long chunkBytes = DefaultChunkBytes)
    {
        ForEachChunk(destination, chunkBytes, chunk =>
        {
            FileBytes.ReadExactly(file, chunk, fileOffset, path, tensorName);
            fileOffset += chunk.Length;
        });
    }

    /// <summary>Writes a contiguous CPU tensor's bytes to the stream in memory order.</summary>
    public static void WriteTo(Stream stream, torch.Tensor source, long chunkBytes = DefaultChunkBytes) =>
        ForEachChunk(source, chunkBytes, chunk => stream.Write(chunk));

    static void ForEachChunk(torch.Tensor contiguousCpu, long chunkBytes, ChunkAction action)
    {
        // safetensors is little-endian; the raw copy is only right on a little-endian host.
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors I/O needs a little-endian host");

        long count = contiguousCpu.numel();
        if (count == 0)
            return;
        long elementsPerChunk = Math.Max(1, chunkBytes / contiguousCpu.ElementSize);
        using var flat = contiguousCpu.view(-1); // [count], shares memory
        for (long start = 0; start < count; start += elementsPerChunk)
        {
            using var chunk = flat.narrow(0, start, Math.Min(elementsPerChunk, count - start));
            action(chunk.bytes);
        }
    }
}

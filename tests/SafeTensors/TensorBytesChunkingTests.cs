using AsymVLM.Data.SafeTensors;
using static TorchSharp.torch;

namespace AsymVLM.Tests.SafeTensors;

/// <summary>Chunked copies between tensor memory and files, with chunks small enough to split a tiny tensor.</summary>
public class TensorBytesChunkingTests
{
    // 12 bytes = 3 F32 elements per chunk: 10 elements make 3 full chunks and a 1-element remainder.
    const long ChunkBytes = 12;

    [Test]
    public void WriteInChunksProducesTheTensorsBytesInOrder()
    {
        using var source = arange(10, ScalarType.Float32).reshape(2, 5);
        using var stream = new MemoryStream();

        TensorBytes.WriteTo(stream, source, ChunkBytes);

        Assert.That(stream.ToArray(), Is.EqualTo(RawSafeTensors.Floats(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
    }

    [Test]
    public void ReadInChunksFillsTheWholeTensorFromTheOffset()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("raw.bin");
        File.WriteAllBytes(path, [0xAA, 0xBB, .. RawSafeTensors.Floats(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)]);
        using var destination = empty([2, 5], ScalarType.Float32);
        using var handle = File.OpenHandle(path);

        TensorBytes.ReadFrom(handle, 2, destination, path, "t", ChunkBytes);

        Assert.That(destination.data<float>().ToArray(), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }));
    }

    [Test]
    public void ReadPastTheEndOfTheFileIsATruncationError()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("raw.bin");
        File.WriteAllBytes(path, RawSafeTensors.Floats(0, 1, 2, 3));
        using var destination = empty(10, ScalarType.Float32);
        using var handle = File.OpenHandle(path);

        var error = Assert.Throws<SafeTensorsFormatException>(
            () => TensorBytes.ReadFrom(handle, 0, destination, path, "t", ChunkBytes));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("'t'"));
    }
}

using System.Text;
using AsymVLM.Data.SafeTensors;
using static TorchSharp.torch;

namespace AsymVLM.Tests.SafeTensors;

/// <summary>
/// Pins interoperability with Python's <c>safetensors</c> to the format spec: files crafted byte by byte
/// are read, and the writer's bytes are compared with the layout the reference implementation produces.
/// </summary>
public class SafeTensorsSpecBytesTests
{
    [Test]
    public void ReadsAHandCraftedFileInAnyHeaderOrderWithoutPadding()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("hand.safetensors");
        string header = """{"b":{"dtype":"I16","shape":[1,2],"data_offsets":[4,8]},"__metadata__":{"format":"pt"},"""
                      + """ "a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}""";
        byte[] data = [.. RawSafeTensors.Floats(1.5f), .. RawSafeTensors.Words(1, unchecked((ushort)-2))];
        File.WriteAllBytes(path, RawSafeTensors.Build(header, data));

        using var file = SafeTensorsFile.Open(path);
        using var a = file.Read("a");
        using var b = file.Read("b");

        Assert.That(file.Tensors.Select(t => t.Name), Is.EqualTo(new[] { "a", "b" }), "listed in data order");
        Assert.That(file.Metadata, Is.EquivalentTo(new Dictionary<string, string> { ["format"] = "pt" }));
        Assert.That(file.Info("b"), Has.Property("Begin").EqualTo(4L).And.Property("End").EqualTo(8L));
        Assert.That(a.shape, Is.Empty);
        Assert.That(a.item<float>(), Is.EqualTo(1.5f));
        Assert.That(b.shape, Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(b.data<short>().ToArray(), Is.EqualTo(new short[] { 1, -2 }));
    }

    [Test]
    public void HalfPrecisionBitPatternsConvertToExpectedFloats()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("half.safetensors");
        string header = """{"bf":{"dtype":"BF16","shape":[4],"data_offsets":[0,8]},"""
                      + """ "f16":{"dtype":"F16","shape":[3],"data_offsets":[8,14]}}""";
        // BF16: 1, -2.5, 0.15625, 65280.  F16: 1, -2.5, 65504 (largest finite half).
        byte[] data = RawSafeTensors.Words(0x3F80, 0xC020, 0x3E20, 0x477F, 0x3C00, 0xC100, 0x7BFF);
        File.WriteAllBytes(path, RawSafeTensors.Build(header, data));

        using var file = SafeTensorsFile.Open(path);
        using var bf = file.Read("bf", ScalarType.Float32);
        using var f16 = file.Read("f16", ScalarType.Float32);
        using var bfRaw = file.Read("bf");

        Assert.That(bfRaw.dtype, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(bf.data<float>().ToArray(), Is.EqualTo(new[] { 1f, -2.5f, 0.15625f, 65280f }));
        Assert.That(f16.data<float>().ToArray(), Is.EqualTo(new[] { 1f, -2.5f, 65504f }));
    }

    [Test]
    public void WriterOutputForOneAlignedTensorMatchesTheReferenceBytes()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("w.safetensors");
        using var attn = arange(6, ScalarType.Float32).reshape(1, 2, 3);

        SafeTensorsWriter.Save(path, [new("attn.0", attn)]);

        // 64 header bytes: already a multiple of 8, so no padding.
        string header = """{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}""";
        byte[] expected = RawSafeTensors.Build(header, RawSafeTensors.Floats(0, 1, 2, 3, 4, 5));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(expected));
    }

    [Test]
    public void WriterPadsTheHeaderWithSpacesToEightBytes()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("w.safetensors");
        using var attn = arange(6, ScalarType.Float32).reshape(1, 1, 2, 3);

        SafeTensorsWriter.Save(path, [new("attn0", attn)]);

        // 65 JSON bytes + 7 spaces = 72.
        string header = """{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}""" + "       ";
        byte[] expected = RawSafeTensors.Build(header, RawSafeTensors.Floats(0, 1, 2, 3, 4, 5));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(expected));
    }

    [Test]
    public void WriterPutsMetadataFirstThenTensorsByDescendingAlignmentThenName()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("w.safetensors");
        using var b = tensor(new short[] { 1, -2 });
        using var a = tensor(new short[] { 7 });
        using var c = tensor(new[] { 0.25 });

        SafeTensorsWriter.Save(path, [new("b", b), new("a", a), new("c", c)],
            new Dictionary<string, string> { ["format"] = "pt" });

        string json = """{"__metadata__":{"format":"pt"},"c":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"a":{"dtype":"I16","shape":["""
                    + """1],"data_offsets":[8,10]},"b":{"dtype":"I16","shape":[2],"data_offsets":[10,14]}}""";
        string header = json + new string(' ', (8 - json.Length % 8) % 8);
        byte[] data = [.. BitConverter.GetBytes(0.25), .. RawSafeTensors.Words(7, 1, unchecked((ushort)-2))];
        Assert.That(Encoding.UTF8.GetByteCount(header) % 8, Is.Zero);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(RawSafeTensors.Build(header, data)));
    }

    [Test]
    public void WriterOutputForNoTensorsIsAnEmptyPaddedObject()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("empty.safetensors");

        SafeTensorsWriter.Save(path, []);

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(RawSafeTensors.Build("{}      ", [])));
    }
}

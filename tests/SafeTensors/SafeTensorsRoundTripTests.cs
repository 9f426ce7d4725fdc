using System.Text;
using AsymVLM.Data.SafeTensors;
using static TorchSharp.torch;

namespace AsymVLM.Tests.SafeTensors;

public class SafeTensorsRoundTripTests
{
    static string TempFile() => Path.Combine(Directory.CreateTempSubdirectory("asymvlm-st-").FullName, "t.safetensors");

    [TestCase(ScalarType.Float32)]
    [TestCase(ScalarType.Float16)]
    [TestCase(ScalarType.BFloat16)]
    [TestCase(ScalarType.Float64)]
    [TestCase(ScalarType.Int64)]
    [TestCase(ScalarType.Int32)]
    [TestCase(ScalarType.Int16)]
    [TestCase(ScalarType.Int8)]
    [TestCase(ScalarType.Byte)]
    [TestCase(ScalarType.Bool)]
    public void EveryDtypeRoundTrips(ScalarType dtype)
    {
        var path = TempFile();
        var values = (arange(24) - 7).reshape(2, 3, 4);
        var original = dtype == ScalarType.Bool ? values.gt(0) : values.to(dtype);
        SafeTensorsWriter.Save(path, [new("x", original), new("scalar", tensor(3.5f)), new("empty", zeros(0, 5, dtype: dtype))],
            new Dictionary<string, string> { ["format"] = "pt" });

        using var file = SafeTensorsFile.Open(path);
        Assert.That(file.Metadata["format"], Is.EqualTo("pt"));
        using var back = file.Read("x");
        Assert.That(back.dtype, Is.EqualTo(dtype));
        Assert.That(back.shape, Is.EqualTo(new long[] { 2, 3, 4 }));
        Assert.That(back.eq(original).all().item<bool>(), Is.True);
        Assert.That(file.Read("scalar").item<float>(), Is.EqualTo(3.5f));
        Assert.That(file.Read("empty").shape, Is.EqualTo(new long[] { 0, 5 }));
    }

    [Test]
    public void WriterOutputIsTheCanonicalLayout()
    {
        var path = TempFile();
        SafeTensorsWriter.Save(path, [new("b", tensor(new short[] { 1, 2 })), new("a", tensor(new float[] { 1f }))]);
        var bytes = File.ReadAllBytes(path);
        ulong n = BitConverter.ToUInt64(bytes, 0);
        Assert.That(n % 8, Is.Zero, "header padded to 8 bytes");
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.That(header.TrimEnd(' '), Is.EqualTo("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[4,8]}}"));
        Assert.That(bytes[(8 + (int)n)..], Is.EqualTo(new byte[] { 0, 0, 0x80, 0x3f, 1, 0, 2, 0 }));
    }

    [Test]
    public void HandCraftedFileIsRead()
    {
        // Built from the format's spec alone: u64 header length, JSON header, little-endian data.
        var json = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}");
        var path = TempFile();
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)json.Length), .. json, 0x80, 0x3f, 0x00, 0xc0]); // 1.0, -2.0
        using var file = SafeTensorsFile.Open(path);
        Assert.That(file.Read("w", ScalarType.Float32).data<float>().ToArray(), Is.EqualTo(new[] { 1f, -2f }));
    }

    [Test]
    public void ShardedDirectoryReadsFromEveryShard()
    {
        var dir = Directory.CreateTempSubdirectory("asymvlm-shards-").FullName;
        SafeTensorsWriter.Save(Path.Combine(dir, "model-00001-of-00002.safetensors"), [new("a", ones(2))]);
        SafeTensorsWriter.Save(Path.Combine(dir, "model-00002-of-00002.safetensors"), [new("b", full(3, 2f))]);
        File.WriteAllText(Path.Combine(dir, CheckpointTensors.IndexFile),
            "{\"metadata\":{},\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}}");
        using var checkpoint = CheckpointTensors.Open(dir);
        Assert.That(checkpoint.Names, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(checkpoint.Read("b").sum().item<float>(), Is.EqualTo(6f));

        File.Delete(Path.Combine(dir, "model-00002-of-00002.safetensors"));
        Assert.That(() => CheckpointTensors.Open(dir), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("model-00002-of-00002.safetensors"));
    }

    [Test]
    public void DuplicateNamesAreRefused() =>
        Assert.That(() => SafeTensorsWriter.Save(TempFile(), [new("a", ones(1)), new("a", ones(1))]), Throws.ArgumentException.With.Message.Contains("'a'"));
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using AsymVLM.Data.SafeTensors;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Fuzz;

/// <summary>
/// Mutated safetensors files (raw bytes, the header length, the header's JSON) opened and read in full. A file that
/// opens must read back exactly its own bytes, tensor by tensor, and its tensors must tile the data buffer.
/// </summary>
public class SafeTensorsFileFuzzTests
{
    static byte[] SeedFile(string directory)
    {
        string path = Path.Combine(directory, "seed.safetensors");
        using var a = arange(6, ScalarType.Float32).reshape(2, 3);
        using var b = tensor(new long[] { 1, -2, 3, long.MaxValue });
        using var c = ones(3, ScalarType.BFloat16);
        using var empty = zeros(0, 5);
        using var mask = tensor(new byte[] { 0, 1, 2, 3, 4, 5, 255 });
        SafeTensorsWriter.Save(path, [new("a", a), new("b", b), new("c", c), new("empty", empty), new("mask", mask)],
            new Dictionary<string, string> { ["format"] = "pt" });
        return File.ReadAllBytes(path);
    }

    static string Mutate(Mutator mutator, ref byte[] file)
    {
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        switch (mutator.Next(3))
        {
            case 0:
                return mutator.MutateBytes(ref file);
            case 1:
                ulong declared = mutator.Next(4) == 0 ? (ulong)mutator.Next(int.MaxValue) : headerLength + (ulong)(mutator.Next(19) - 9);
                BinaryPrimitives.WriteUInt64LittleEndian(file, declared);
                return $"header length {headerLength} -> {declared}";
            default:
                var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, (int)headerLength))!;
                string what = mutator.MutateJson(header);
                byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
                var rebuilt = new byte[8 + json.Length + (file.Length - 8 - (int)headerLength)];
                BinaryPrimitives.WriteUInt64LittleEndian(rebuilt, (ulong)json.Length);
                json.CopyTo(rebuilt, 8);
                file.AsSpan(8 + (int)headerLength).CopyTo(rebuilt.AsSpan(8 + json.Length));
                file = rebuilt;
                return "header " + what;
        }
    }

    /// <summary>What "a correct result" means for a file that opens: every tensor is exactly its bytes, and they tile the data.</summary>
    static void ReadAllAndCompare(string path, byte[] file)
    {
        using var opened = SafeTensorsFile.Open(path);
        long dataStart = 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.That(opened.Tensors.Sum(t => t.ByteLength), Is.EqualTo(file.Length - dataStart), "tensors tile the data buffer");
        foreach (var info in opened.Tensors)
        {
            using var read = opened.Read(info.Name);
            Assert.That(read.shape, Is.EqualTo(info.Shape), info.Name);
            byte[] expected = file[(int)(dataStart + info.Begin)..(int)(dataStart + info.End)];
            Assert.That(read.numel() == 0 ? [] : read.bytes.ToArray(), Is.EqualTo(expected), info.Name);
        }
    }

    [Test]
    public void MutatedFilesGiveAClearErrorOrTheirOwnBytes()
    {
        using var scratch = new FuzzScratch();
        byte[] seed = SeedFile(scratch.Path);
        var oracle = new ClearErrorOracle();
        for (int i = 0; i < FuzzCaseCounts.SafeTensorsFile; i++)
        {
            var mutator = new Mutator(i);
            byte[] file = seed.ToArray();
            string what = Mutate(mutator, ref file);
            string path = scratch.File($"case{i}.safetensors");
            File.WriteAllBytes(path, file);
            oracle.Run($"case {i} ({what})", path, () => ReadAllAndCompare(path, file));
        }
        oracle.AssertAllClear(FuzzCaseCounts.SafeTensorsFile);
    }
}

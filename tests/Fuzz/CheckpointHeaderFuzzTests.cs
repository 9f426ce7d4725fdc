using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Tests.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Fuzz;

/// <summary>
/// A tiny model's checkpoint with its header mutated (names, dtypes, shapes, offsets, whole entries), loaded through
/// <see cref="ModelLoader"/>: it is refused before allocation or loads the very weights it was saved with.
/// </summary>
public class CheckpointHeaderFuzzTests
{
    static string Mutate(Mutator mutator, ref byte[] file)
    {
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, headerLength))!.AsObject();
        string what;
        if (mutator.Next(4) == 0)
        {
            // Renames are what a checkpoint of another model (or another layout) looks like.
            string name = mutator.Pick(header.Select(kv => kv.Key).Where(k => k != "__metadata__").ToList());
            var entry = header[name]!;
            header.Remove(name);
            string renamed = mutator.Pick(["x." + name, name.Replace("layers.1.", "layers.7."), name + "_"]);
            header[renamed] = entry;
            what = $"renamed '{name}' to '{renamed}'";
        }
        else
        {
            what = mutator.MutateJson(header);
        }
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var rebuilt = new byte[8 + json.Length + (file.Length - 8 - headerLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(rebuilt, (ulong)json.Length);
        json.CopyTo(rebuilt, 8);
        file.AsSpan(8 + headerLength).CopyTo(rebuilt.AsSpan(8 + json.Length));
        file = rebuilt;
        return what;
    }

    [Test]
    public void MutatedHeadersAreRefusedOrLoadTheSavedWeights()
    {
        using var seed = new TinyModelDirectory();
        byte[] weights = File.ReadAllBytes(seed.File(ModelDirectory.WeightsFile));
        Dictionary<string, Tensor> saved;
        using (var original = ModelLoader.Load(seed.Path, ComputeTarget.Cpu))
            saved = original.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        using var scratch = new FuzzScratch();
        var oracle = new ClearErrorOracle();
        for (int i = 0; i < FuzzCaseCounts.CheckpointHeader; i++)
        {
            var mutator = new Mutator(i);
            byte[] file = weights.ToArray();
            string what = Mutate(mutator, ref file);
            string dir = scratch.Folder($"case{i}");
            File.Copy(seed.File(ModelDirectory.ConfigFile), Path.Combine(dir, ModelDirectory.ConfigFile));
            File.WriteAllBytes(Path.Combine(dir, ModelDirectory.WeightsFile), file);
            oracle.Run($"case {i} ({what})", dir, () =>
            {
                using var model = ModelLoader.Load(dir, ComputeTarget.Cpu);
                foreach (var (name, value) in model.state_dict())
                    // allclose with zero tolerances: bit-equal values (Tensor.equal is elementwise in TorchSharp).
                    Assert.That(value.allclose(saved[name], rtol: 0, atol: 0), Is.True, $"case {i}: '{name}' loaded other values than were saved");
            });
        }
        oracle.AssertAllClear(FuzzCaseCounts.CheckpointHeader);
    }
}

using System.Diagnostics;
using System.Text.Json;
using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Benchmarks;

/// <summary>
/// Large-checkpoint loading: writes a random LLaVA checkpoint of about the requested size (BF16, sharded
/// with an index, as HF publishes them), and measures how long loading it takes and the process's peak RSS
/// against the weights' size (a loader that doubles memory would show about twice).
/// </summary>
public static class LoadBenchmark
{
    public static LlavaConfig ConfigOfSize(long bytes)
    {
        var text = new TextConfig
        {
            HiddenSize = 2048, IntermediateSize = 5504, NumAttentionHeads = 16, NumKeyValueHeads = 16, HeadDim = 128,
            // LLaVA-1.5's padded vocabulary: the default image_token_index 32000 must be one of its ids.
            VocabSize = 32064, MaxPositionEmbeddings = 2048,
        };
        long perLayer = 2L * (4L * text.HiddenSize * text.HiddenSize + 3L * text.HiddenSize * text.IntermediateSize); // BF16 bytes
        long embeddings = 2L * 2 * text.VocabSize * text.HiddenSize;
        int layers = (int)Math.Max(1, (bytes - embeddings) / perLayer);
        return new LlavaConfig
        {
            Vision = new VisionConfig { HiddenSize = 256, IntermediateSize = 1024, NumHiddenLayers = 2, NumAttentionHeads = 4, ImageSize = 224, PatchSize = 14 },
            Text = text with { NumHiddenLayers = layers },
        };
    }

    /// <summary>Writes config.json + BF16 shards of at most <paramref name="shardBytes"/> + model.safetensors.index.json.</summary>
    public static void Generate(string dir, long bytes, long shardBytes = 1L << 30)
    {
        Directory.CreateDirectory(dir);
        var config = ConfigOfSize(bytes);
        config.Save(Path.Combine(dir, ModelDirectory.ConfigFile));
        using var model = new LlavaModel(config);
        var shards = new List<List<KeyValuePair<string, Tensor>>> { new() };
        long current = 0;
        foreach (var (name, p) in ModelWeights.ToSave(model))
        {
            var bf16 = p.to(ScalarType.BFloat16);
            long size = bf16.NumberOfElements * 2;
            if (current + size > shardBytes && shards[^1].Count > 0) { shards.Add([]); current = 0; }
            shards[^1].Add(new(name, bf16));
            current += size;
        }
        var weightMap = new Dictionary<string, string>();
        for (int i = 0; i < shards.Count; i++)
        {
            string file = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            SafeTensorsWriter.Save(Path.Combine(dir, file), shards[i]);
            foreach (var (name, t) in shards[i]) { weightMap[name] = file; t.Dispose(); }
        }
        File.WriteAllText(Path.Combine(dir, CheckpointTensors.IndexFileName),
            JsonSerializer.Serialize(new { metadata = new { format = "pt" }, weight_map = weightMap }));
    }

    public sealed record Result(long WeightBytes, double Seconds, long PeakRssBytes, long RssBeforeBytes);

    /// <summary>Loads the checkpoint into a float32 CPU model (BF16 converted on load) and reports time and peak RSS.</summary>
    public static Result Measure(string dir)
    {
        long weights = Directory.GetFiles(dir, "*.safetensors").Sum(f => new FileInfo(f).Length);
        long before = ProcessMemory.ResidentBytes();
        var watch = Stopwatch.StartNew();
        using var model = ModelLoader.Load(dir, ComputeTarget.Cpu);
        return new Result(weights, watch.Elapsed.TotalSeconds, ProcessMemory.PeakResidentBytes(), before);
    }
}

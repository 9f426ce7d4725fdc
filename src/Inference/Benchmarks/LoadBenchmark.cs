using System.Diagnostics;
using System.Text.Json;
using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Benchmarks;

/// <summary>
/// Large-checkpoint loading: writes a random LLaVA checkpoint (of about the requested size, or of LLaVA-1.5's
/// geometry; BF16 or float32, sharded with an index, as HF publishes them), and measures how long loading it takes
/// and the process's peak RSS against the loaded model's size (a loader that doubles memory would show about twice).
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

    /// <summary>
    /// LLaVA-1.5's geometry at 1B scale: the ViT-L/14-336 tower (577 tokens, features from layer -2) and a
    /// TinyLlama-1.1B-shaped decoder (GQA 32/4 heads) with LLaVA's padded vocabulary; 5.25 GiB in float32.
    /// </summary>
    public static LlavaConfig Llava15Geometry() => new()
    {
        Vision = new VisionConfig { HiddenSize = 1024, IntermediateSize = 4096, NumHiddenLayers = 24, NumAttentionHeads = 16, ImageSize = 336, PatchSize = 14 },
        Text = new TextConfig
        {
            HiddenSize = 2048, IntermediateSize = 5632, NumHiddenLayers = 22, NumAttentionHeads = 32, NumKeyValueHeads = 4, HeadDim = 64,
            VocabSize = 32064, MaxPositionEmbeddings = 2048,
        },
    };

    /// <summary>
    /// LLaVA-NeXT's geometry at 1B scale: <see cref="Llava15Geometry"/> as model_type llava_next with llava-v1.6's
    /// pinpoints (a 672 x 672 image: 5 views, 576 + 2304 patches + 48 newlines = 2928 image tokens) and room for them in
    /// the decoder's positions.
    /// </summary>
    public static LlavaConfig LlavaNextGeometry()
    {
        var llava15 = Llava15Geometry();
        return llava15 with
        {
            ModelType = LlavaConfig.LlavaNext, ImageGridPinpoints = LlavaConfig.DefaultPinpoints,
            Text = llava15.Text with { MaxPositionEmbeddings = 4096 },
        };
    }

    /// <summary>Writes config.json + shards of at most <paramref name="shardBytes"/> in <paramref name="dtype"/> + model.safetensors.index.json.</summary>
    public static void Generate(string dir, LlavaConfig config, ScalarType dtype, long shardBytes = 1L << 30)
    {
        Directory.CreateDirectory(dir);
        config.Save(Path.Combine(dir, ModelDirectory.ConfigFile));
        using var model = new LlavaModel(config);
        var shards = new List<List<KeyValuePair<string, Tensor>>> { new() };
        long current = 0;
        foreach (var (name, p) in ModelWeights.ToSave(model))
        {
            var stored = p.to(dtype);
            long size = stored.NumberOfElements * stored.ElementSize;
            if (current + size > shardBytes && shards[^1].Count > 0) { shards.Add([]); current = 0; }
            shards[^1].Add(new(name, stored));
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

    /// <param name="FileBytes">the checkpoint's safetensors files</param>
    /// <param name="FileDTypes">the dtypes its tensors are stored in</param>
    /// <param name="ModelBytes">the loaded float32 model's parameters</param>
    public sealed record Result(long FileBytes, IReadOnlyList<string> FileDTypes, long ModelBytes, double Seconds, long PeakRssBytes, long RssBeforeBytes);

    /// <summary>Loads the checkpoint into a float32 CPU model (other dtypes converted on load) and reports time and peak RSS.</summary>
    public static Result Measure(string dir)
    {
        long fileBytes = Directory.GetFiles(dir, "*.safetensors").Sum(f => new FileInfo(f).Length);
        string[] dtypes;
        using (var checkpoint = CheckpointTensors.Open(dir))
            dtypes = checkpoint.Names.Select(n => checkpoint.Info(n).DType).Distinct().Order().ToArray();
        long before = ProcessMemory.ResidentBytes();
        var watch = Stopwatch.StartNew();
        using var model = ModelLoader.Load(dir, ComputeTarget.Cpu);
        double seconds = watch.Elapsed.TotalSeconds;
        long modelBytes = model.parameters().Sum(p => p.NumberOfElements * p.ElementSize);
        return new Result(fileBytes, dtypes, modelBytes, seconds, ProcessMemory.PeakResidentBytes(), before);
    }
}

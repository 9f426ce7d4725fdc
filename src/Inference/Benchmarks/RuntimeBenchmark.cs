using TorchSharp;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Benchmarks;

/// <summary>
/// Throughput of the model's three runtime paths (prefill into a fresh cache, cached single-token decode
/// through <see cref="TextGenerator"/>, the vision encoder) and memory across two identical decode runs:
/// a tensor leaked per step would make the second run end higher than the first.
/// </summary>
public sealed class RuntimeBenchmark(LlavaModel model, ComputeTarget target)
{
    public RuntimeBenchmarkResult Run(int prefillTokens, int decodeSteps, int repeats)
    {
        if (prefillTokens < 1) throw new ArgumentOutOfRangeException(nameof(prefillTokens), prefillTokens, "must be at least 1");
        if (decodeSteps < 1) throw new ArgumentOutOfRangeException(nameof(decodeSteps), decodeSteps, "must be at least 1");
        using var noGrad = no_grad();
        using var inputs = NewDisposeScope();
        var embeds = randn(1, prefillTokens, model.Config.Text.HiddenSize, target.DType, target.Device); // [1, N, D]
        var positions = Enumerable.Range(0, prefillTokens).Select(i => (long)i).ToArray();
        int size = model.Config.Vision.ImageSize;
        var pixels = randn(1, model.Config.Vision.NumChannels, size, size, target.DType, target.Device);   // [1, 3, H, W]

        var loaded = MemorySnapshot.Take();
        double prefillSeconds = MedianTimer.Seconds(() => Prefill(embeds, positions), repeats);
        var afterPrefill = MemorySnapshot.Take();
        double imageSeconds = MedianTimer.Seconds(() => EncodeImage(pixels), repeats);

        var before = MemorySnapshot.Take();
        double firstSeconds = DecodeSeconds(embeds, positions, decodeSteps);
        var afterFirst = MemorySnapshot.Take();
        double secondSeconds = DecodeSeconds(embeds, positions, decodeSteps);
        var afterSecond = MemorySnapshot.Take();

        return new RuntimeBenchmarkResult(prefillTokens / prefillSeconds, 2 * decodeSteps / (firstSeconds + secondSeconds),
            1 / imageSeconds, loaded, afterPrefill, before, afterFirst, afterSecond);
    }

    void Prefill(Tensor embeds, long[] positions)
    {
        using var scope = NewDisposeScope();
        using var cache = new KvCache(model.Decoder.LayerCount);
        // Through the first token's logits, as a request's prefill goes; item() also waits for an asynchronous device.
        model.Logits(PlainPrefill.Instance.Run(model, embeds, positions, cache)).argmax().item<long>();
    }

    void EncodeImage(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        model.EncodeImage(pixels);
        if (target.Device.type == DeviceType.CUDA) cuda.synchronize(target.Device);
    }

    /// <summary>Prefill into a fresh cache, then <paramref name="steps"/> cached single-token steps; returns their seconds.</summary>
    double DecodeSeconds(Tensor embeds, long[] positions, int steps)
    {
        using var cache = new KvCache(model.Decoder.LayerCount);
        // The first new token comes from the prefill; each further one costs one decode step. No stop ids: all run.
        var result = new TextGenerator(model).Generate(embeds, positions, new GenerationOptions { MaxNewTokens = steps + 1 }, cache);
        return result.DecodeMs / 1000;
    }
}

using System.Diagnostics;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Benchmarks;

/// <summary>
/// Prefill and decode throughput of a model, and process memory across long decodes: RSS after the first
/// and after a second run of N cached decode steps must match (a leaked tensor per step would show).
/// </summary>
public sealed class RuntimeBenchmark(LlavaModel model)
{
    public sealed record Result(double PrefillTokensPerSecond, double DecodeTokensPerSecond, double ImagesPerSecond,
        long RssBeforeBytes, long RssAfterFirstBytes, long RssAfterSecondBytes);

    public Result Run(int prefillTokens, int decodeSteps, int repeats)
    {
        using var noGrad = no_grad();
        var d = model.Config.Text.HiddenSize;
        var embeds = randn(1, prefillTokens, d) * 0.02;
        var positions = arange(prefillTokens).unsqueeze(0);
        var pixels = randn(1, 3, model.Config.Vision.ImageSize, model.Config.Vision.ImageSize);

        Prefill(embeds, positions); // warm-up
        var prefillSeconds = Median(Enumerable.Range(0, repeats).Select(_ => Time(() => Prefill(embeds, positions))));
        var imageSeconds = Median(Enumerable.Range(0, repeats).Select(_ => Time(() => { using var s = NewDisposeScope(); model.EncodeImage(pixels); })));

        long before = Rss();
        double decodeSeconds = Decode(embeds, positions, decodeSteps);
        long afterFirst = Rss();
        Decode(embeds, positions, decodeSteps);
        long afterSecond = Rss();
        return new Result(prefillTokens / prefillSeconds, decodeSteps / decodeSeconds, 1 / imageSeconds, before, afterFirst, afterSecond);
    }

    void Prefill(Tensor embeds, Tensor positions)
    {
        using var scope = NewDisposeScope();
        using var cache = new KvCache(model.Decoder.LayerCount);
        model.Logits(model.Forward(embeds, positions, cache).Hidden[.., -1]);
    }

    /// <summary>Prefill, then single-token steps through the cache; returns the decode seconds.</summary>
    double Decode(Tensor embeds, Tensor positions, int steps)
    {
        using var cache = new KvCache(model.Decoder.LayerCount);
        using (NewDisposeScope()) model.Forward(embeds, positions, cache);
        long next = positions.shape[1];
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var token = embeds[.., ^1..];
            var logits = model.Logits(model.Forward(token, tensor(new[] { next++ }).unsqueeze(0), cache).Hidden);
            logits.argmax(-1).item<long>();
        }
        return watch.Elapsed.TotalSeconds;
    }

    static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:")) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return Environment.WorkingSet;
    }
}

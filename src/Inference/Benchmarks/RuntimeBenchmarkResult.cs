namespace AsymVLM.Inference.Benchmarks;

/// <summary>
/// Rates from <see cref="RuntimeBenchmark"/>, memory once the model is loaded, after the prefills and image encodes,
/// and before and after each of its two decode runs. The first run may grow memory (allocator arenas, the cache's
/// first high-water mark); the second must not.
/// </summary>
public sealed record RuntimeBenchmarkResult(
    double PrefillTokensPerSecond, double DecodeTokensPerSecond, double ImagesPerSecond,
    MemorySnapshot Loaded, MemorySnapshot AfterPrefill, MemorySnapshot BeforeDecode, MemorySnapshot AfterFirstDecode, MemorySnapshot AfterSecondDecode)
{
    /// <summary>Second-run RSS growth allowed for allocator noise (a few MiB); leaks too small to show in RSS
    /// still show in the live-tensor count.</summary>
    public const long LeakToleranceBytes = 20L << 20;

    public long SecondRunGrowthBytes => AfterSecondDecode.ResidentBytes - AfterFirstDecode.ResidentBytes;
    public long SecondRunLiveTensorGrowth => AfterSecondDecode.LiveTensors - AfterFirstDecode.LiveTensors;

    /// <summary>Either measure names a leak: RSS past the tolerance, or any tensor still reachable after the run.</summary>
    public bool Leaks => SecondRunGrowthBytes > LeakToleranceBytes || SecondRunLiveTensorGrowth > 0;
}

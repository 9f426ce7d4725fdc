namespace AsymVLM.Data.Benchmark;

/// <summary>A generated sample together with its pixels: <see cref="Rgb"/> is [Height, Width, 3] bytes, row-major.</summary>
public sealed record RenderedSample(BenchmarkSample Sample, byte[] Rgb, int Width, int Height);

namespace AsymVLM.Data.Benchmark;

public readonly record struct Rgb(byte R, byte G, byte B);

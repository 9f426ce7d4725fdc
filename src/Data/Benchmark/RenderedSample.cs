namespace AsymVLM.Data.Benchmark;

/// <summary>
/// A generated sample together with its pixels: <see cref="Rgb"/> is [Height, Width, 3] bytes, row-major.
/// <see cref="CellLabels"/> says what each cell depicts (row-major, null where blank): a glyph's character,
/// "COLOR KIND" for a scene shape, "bar" for a chart bar; <see cref="CellOwners"/> which field, bar or line each cell is part of (see
/// <see cref="Benchmark.CellOwners"/>). <see cref="Questions"/> are every question the image
/// answers, the sample's own first.
/// </summary>
public sealed record RenderedSample(BenchmarkSample Sample, byte[] Rgb, int Width, int Height, IReadOnlyList<string?> CellLabels,
    IReadOnlyList<string?> CellOwners, IReadOnlyList<FamilyQuestion> Questions);

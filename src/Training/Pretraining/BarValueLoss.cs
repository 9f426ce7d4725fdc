using AsymVLM.Data.Benchmark;
using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// Value supervision for charts: a <see cref="CellProbe"/> asks every cell of a bar (its body, its value and its label
/// letter) to carry the bar's value. The 9000-step reference VLM reads the highest bar every time but a named bar's
/// value 41 % of the time: the value sits above the bar and its label below, and the owner probe over bars, which
/// bound them, cost the highest-bar question (the v4 ablation). This probe binds the value itself into the label's
/// token, where a question's letter finds it, so the causal decoder need not reach back up the column.
/// </summary>
public static class BarValueLoss
{
    // A bar is its height in cells, so the grid's height bounds the classes.
    public static CellProbe Probe(long hidden) => new(hidden, CellGrid.Cells, "value_probe.safetensors", "Loss:ValueWeight");

    /// <summary>
    /// Bar values [B, N] for the samples' cells (a bar's value is its count of "bar" cells); -1 off the bars, and with
    /// <paramref name="labelsOnly"/> also off the label letters.
    /// </summary>
    public static Tensor Targets(IReadOnlyList<RenderedSample> samples, bool labelsOnly = false) =>
        tensor(samples.SelectMany(s => Values(s, labelsOnly)).ToArray()).view(samples.Count, -1);

    static IEnumerable<long> Values(RenderedSample sample, bool labelsOnly)
    {
        var heights = sample.CellOwners.Zip(sample.CellLabels)
            .Where(c => c.First is not null && CellOwners.KindOf(c.First) == CellOwners.BarKind && c.Second == "bar")
            .GroupBy(c => c.First!).ToDictionary(g => g.Key, g => (long)g.Count());
        return sample.CellOwners.Zip(sample.CellLabels).Select(c =>
            c.First is not null && heights.TryGetValue(c.First, out long v) && (!labelsOnly || IsLabelOf(c.First, c.Second)) ? v : -1L);
    }

    // The cell showing the bar's own letter.
    static bool IsLabelOf(string bar, string? glyph) => glyph is { Length: 1 } && CellOwners.Bar(glyph[0]) == bar;
}

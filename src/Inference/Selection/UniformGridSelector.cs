namespace AsymVLM.Inference.Selection;

/// <summary>
/// Keeps k tokens spread evenly over each view's patch grid: the budget is shared out over the views in proportion to
/// their patches (largest remainder), and in each view a coarser rows x cols lattice (aspect ratio close to the
/// view's, rows * cols &gt;= its share) is laid over the grid, the patch at each lattice cell's centre taken, and the
/// share of those cells kept evenly spaced in raster order. One view (LLaVA) gets the whole budget.
/// </summary>
public sealed class UniformGridSelector : VisionSelector
{
    public const string MethodName = "uniform";

    public override string Name => MethodName;

    protected override TokenSelection SelectTokens(SelectionInput input, int keep)
    {
        var layout = input.Layout;
        if (layout.PatchCount != input.TokenCount)
            throw new ArgumentException(
                $"Vision selector '{Name}': layout {layout} ({layout.PatchCount} patches) does not cover the {input.TokenCount} vision tokens.",
                nameof(input));

        var shares = Shares(layout.Views.Select(v => v.Patches).ToArray(), keep);
        var kept = new List<long>(keep);
        for (int v = 0; v < layout.Views.Count; v++)
        {
            var view = layout.Views[v];
            int first = layout.PatchOffset(v);
            kept.AddRange(Lattice(view.Rows, view.Columns, shares[v]).Select(p => first + p));
        }
        return new TokenSelection(kept.ToArray(), null);
    }

    /// <summary><paramref name="keep"/> shared over views of these patch counts in proportion (largest remainder, ties to the earlier view).</summary>
    static int[] Shares(int[] patches, int keep)
    {
        long total = patches.Sum();
        var shares = patches.Select(p => (int)((long)keep * p / total)).ToArray();
        var byRemainder = Enumerable.Range(0, patches.Length).OrderByDescending(v => (long)keep * patches[v] % total).ThenBy(v => v);
        foreach (int v in byRemainder.Take(keep - shares.Sum())) shares[v]++;
        return shares;
    }

    /// <summary><paramref name="keep"/> patches (row-major indices, ascending) spread over a height x width grid.</summary>
    static IEnumerable<long> Lattice(int height, int width, int keep)
    {
        if (keep == 0) yield break;
        // rows*width >= sqrt(keep*height*width) >= keep, so clamping rows to the grid never leaves too few
        // cells; lattice spacing >= 1 patch keeps the cell centres on distinct patches.
        int rows = Math.Clamp((int)Math.Ceiling(Math.Sqrt((double)keep * height / width)), 1, height);
        int cols = Math.Clamp((keep + rows - 1) / rows, 1, width);
        int cells = rows * cols;
        for (int i = 0; i < keep; i++)
        {
            int cell = (int)((long)i * cells / keep);
            int row = (int)((cell / cols + 0.5) * height / rows);
            int col = (int)((cell % cols + 0.5) * width / cols);
            yield return (long)row * width + col;
        }
    }
}

namespace AsymVLM.Inference.Selection;

/// <summary>
/// Keeps k tokens spread evenly over the patch grid: lays a coarser rows x cols lattice (aspect ratio
/// close to the grid's, rows * cols &gt;= k) over the grid, takes the patch at each lattice cell's centre,
/// and keeps k of those cells evenly spaced in raster order.
/// </summary>
public sealed class UniformGridSelector : VisionSelector
{
    public const string MethodName = "uniform";

    public override string Name => MethodName;

    protected override TokenSelection SelectTokens(SelectionInput input, int keep)
    {
        int height = input.GridHeight, width = input.GridWidth;
        if (height < 1 || width < 1 || height * width != input.TokenCount)
            throw new ArgumentException(
                $"Vision selector '{Name}': grid {height}x{width} does not cover the {input.TokenCount} vision tokens.",
                nameof(input));

        // rows*width >= sqrt(keep*height*width) >= keep, so clamping rows to the grid never leaves too few
        // cells; lattice spacing >= 1 patch keeps the cell centres on distinct patches.
        int rows = Math.Clamp((int)Math.Ceiling(Math.Sqrt((double)keep * height / width)), 1, height);
        int cols = Math.Clamp((keep + rows - 1) / rows, 1, width);
        int cells = rows * cols;

        var kept = new long[keep];
        for (int i = 0; i < keep; i++)
        {
            int cell = (int)((long)i * cells / keep);
            int row = (int)((cell / cols + 0.5) * height / rows);
            int col = (int)((cell % cols + 0.5) * width / cols);
            kept[i] = (long)row * width + col;
        }
        return new TokenSelection(kept, null);
    }
}

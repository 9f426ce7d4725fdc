using AsymVLM.Data.Images;

namespace AsymVLM.Inference.Selection;

/// <summary>
/// One view's tokens in a sample's image-token sequence: <see cref="Rows"/> x <see cref="Columns"/> patches from
/// <see cref="Offset"/>, row-major; with <see cref="RowNewlines"/> each row is followed by one <c>image_newline</c> token
/// (LLaVA-NeXT's unpadded tile map).
/// </summary>
public sealed record VisionView(int Offset, int Rows, int Columns, bool RowNewlines)
{
    public int Patches => Rows * Columns;
    public int Tokens => Rows * Stride;
    int Stride => Columns + (RowNewlines ? 1 : 0);

    /// <summary>The image-token index of the patch at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public long PatchToken(int row, int column) => Offset + (long)row * Stride + column;

    /// <summary>The image-token index of the newline closing <paramref name="row"/>.</summary>
    public long NewlineToken(int row) => RowNewlines
        ? Offset + (long)row * Stride + Columns
        : throw new InvalidOperationException($"A {Rows} x {Columns} view without row newlines has no newline tokens.");
}

/// <summary>
/// Where a sample's image tokens come from: its views in sequence order (one square grid for LLaVA; LLaVA-NeXT's base
/// view, then the unpadded tile map with its row newlines). Selectors work in patch order (view by view, row-major),
/// which is the image-token order without the newline tokens.
/// </summary>
public sealed record VisionLayout
{
    public VisionLayout(IReadOnlyList<VisionView> views)
    {
        if (views.Count == 0) throw new ArgumentException("A vision layout needs at least one view.", nameof(views));
        int offset = 0;
        foreach (var view in views)
        {
            if (view.Rows < 1 || view.Columns < 1)
                throw new ArgumentException($"A view must have at least one patch row and column, got {view.Rows} x {view.Columns}.", nameof(views));
            if (view.Offset != offset)
                throw new ArgumentException($"Views must follow each other: a view starts at token {view.Offset}, expected {offset}.", nameof(views));
            offset += view.Tokens;
        }
        Views = views;
    }

    public IReadOnlyList<VisionView> Views { get; }

    /// <summary>One view of rows x columns patches and no newlines (LLaVA's only view).</summary>
    public static VisionLayout Grid(int rows, int columns) => new([new VisionView(0, rows, columns, false)]);

    /// <summary>
    /// LLaVA-NeXT: the base view's grid x grid patches, then the unpadded tile map, each row followed by
    /// <c>image_newline</c>; OneVision: that map as packed (downscaled past anyres_max_N), whose resampled cells are its patches.
    /// </summary>
    public static VisionLayout AnyRes(AnyResLayout layout)
    {
        int grid = layout.Grid;
        var (height, width) = layout.Packed;
        return new([new VisionView(0, grid, grid, false), new VisionView(grid * grid, height, width, true)]);
    }

    /// <summary>Image tokens in the language model, newlines included.</summary>
    public int TokenCount => Views.Sum(v => v.Tokens);

    /// <summary>Patch tokens: what selectors rank and keep.</summary>
    public int PatchCount => Views.Sum(v => v.Patches);

    public bool HasNewlines => Views.Any(v => v.RowNewlines);

    /// <summary>The first patch (in patch order) of view <paramref name="view"/>.</summary>
    public int PatchOffset(int view) => Views.Take(view).Sum(v => v.Patches);

    /// <summary>The image-token index of every patch, in patch order.</summary>
    public long[] PatchTokens() =>
        Views.SelectMany(v => Enumerable.Range(0, v.Rows).SelectMany(r => Enumerable.Range(0, v.Columns).Select(c => v.PatchToken(r, c)))).ToArray();

    /// <summary>The image-token index of every <c>image_newline</c>, ascending.</summary>
    public long[] NewlineTokens() =>
        Views.Where(v => v.RowNewlines).SelectMany(v => Enumerable.Range(0, v.Rows).Select(v.NewlineToken)).ToArray();

    public override string ToString() => string.Join(" + ", Views.Select(v => $"{v.Rows}x{v.Columns}{(v.RowNewlines ? "+newlines" : "")}"));
}

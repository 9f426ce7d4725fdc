namespace AsymVLM.Data.Benchmark;

/// <summary>
/// The fixed image layout: 128x128 pixels seen as 16x16 cells of 8x8 pixels. The vision tower's
/// patch size is 8, so one cell is one vision token; everything is drawn aligned to cells.
/// </summary>
public static class CellGrid
{
    public const int ImageSize = 128;
    public const int CellSize = 8;
    public const int Cells = ImageSize / CellSize;

    /// <summary>The pixel box of a run of cells starting at cell (column, row).</summary>
    public static Box CellBox(int column, int row, int columns = 1, int rows = 1) =>
        new(column * CellSize, row * CellSize, columns * CellSize, rows * CellSize);

    /// <summary>Row-major indices of the cells a cell-aligned pixel box covers (the image token indices).</summary>
    public static IEnumerable<int> CellIndices(Box box) =>
        from row in Enumerable.Range(box.Y / CellSize, box.Height / CellSize)
        from column in Enumerable.Range(box.X / CellSize, box.Width / CellSize)
        select row * Cells + column;
}

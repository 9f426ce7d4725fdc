namespace AsymVLM.Data.Benchmark;

/// <summary>
/// An RGB pixel buffer, [Height, Width, 3] bytes row-major, with the few drawing primitives the generators need,
/// and a label per cell saying what was drawn there (the dense supervision the reference VLM's pretraining uses).
/// </summary>
internal sealed class Canvas(int width, int height)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public byte[] Rgb { get; } = new byte[width * height * 3];

    /// <summary>Row-major over cells; null where nothing was drawn. Glyphs label themselves, shapes and bars by <see cref="LabelCells"/>.</summary>
    public string?[] CellLabels { get; } = new string?[CellGrid.Cells * CellGrid.Cells];

    /// <summary>
    /// Row-major over cells; which part of the image each cell belongs to (<see cref="Benchmark.CellOwners"/>), null where
    /// it belongs to none: a form field's key and value, a bar's value, bar and label, a text line.
    /// </summary>
    public string?[] CellOwners { get; } = new string?[CellGrid.Cells * CellGrid.Cells];

    /// <summary>Marks every cell that <paramref name="box"/> (cell-aligned) covers as part of <paramref name="owner"/>.</summary>
    public void MarkOwner(Box box, string owner)
    {
        foreach (int cell in CellGrid.CellIndices(box)) CellOwners[cell] = owner;
    }

    /// <summary>Labels every cell that <paramref name="box"/> (cell-aligned) covers.</summary>
    public void LabelCells(Box box, string label)
    {
        foreach (int cell in CellGrid.CellIndices(box)) CellLabels[cell] = label;
    }

    public void SetPixel(int x, int y, Rgb color)
    {
        int at = (y * Width + x) * 3;
        Rgb[at] = color.R;
        Rgb[at + 1] = color.G;
        Rgb[at + 2] = color.B;
    }

    public void FillRect(Box box, Rgb color)
    {
        for (int y = box.Y; y < box.Bottom; y++)
            for (int x = box.X; x < box.Right; x++)
                SetPixel(x, y, color);
    }

    /// <summary>Colours the pixels of <paramref name="box"/> whose local (x, y) satisfy <paramref name="inside"/>.</summary>
    public void FillWhere(Box box, Func<int, int, bool> inside, Rgb color)
    {
        for (int y = 0; y < box.Height; y++)
            for (int x = 0; x < box.Width; x++)
                if (inside(x, y))
                    SetPixel(box.X + x, box.Y + y, color);
    }

    /// <summary>Draws one character per cell, left to right from cell (column, row); returns the text's pixel box.</summary>
    public Box DrawText(int column, int row, string text, Rgb color)
    {
        if (column < 0 || row < 0 || row >= CellGrid.Cells || column + text.Length > CellGrid.Cells)
            throw new ArgumentOutOfRangeException(nameof(text), $"Text '{text}' at cell ({column}, {row}) does not fit the {CellGrid.Cells}x{CellGrid.Cells} grid.");
        for (int i = 0; i < text.Length; i++)
            DrawGlyph(column + i, row, text[i], color);
        return CellGrid.CellBox(column, row, text.Length);
    }

    private void DrawGlyph(int column, int row, char c, Rgb color)
    {
        LabelCells(CellGrid.CellBox(column, row), c.ToString());
        int left = column * CellGrid.CellSize + BitmapFont.OffsetX;
        int top = row * CellGrid.CellSize + BitmapFont.OffsetY;
        for (int y = 0; y < BitmapFont.GlyphHeight; y++)
            for (int x = 0; x < BitmapFont.GlyphWidth; x++)
                if (BitmapFont.IsInked(c, x, y))
                    SetPixel(left + x, top + y, color);
    }
}

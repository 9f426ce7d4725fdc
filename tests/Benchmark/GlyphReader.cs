using AsymVLM.Data.Benchmark;

namespace AsymVLM.Tests.Benchmark;

/// <summary>Reads text back from a rendered image by matching each cell's ink against the font, so tests can check drawings.</summary>
internal static class GlyphReader
{
    public const char Blank = ' ';
    public const char Unreadable = '?';

    /// <summary>Text backgrounds have every channel >= 200 and ink every channel <= 80.</summary>
    public static bool IsInk(RenderedSample s, int x, int y)
    {
        int at = (y * s.Width + x) * 3;
        return Math.Max(s.Rgb[at], Math.Max(s.Rgb[at + 1], s.Rgb[at + 2])) < 140;
    }

    public static char ReadCell(RenderedSample s, int column, int row)
    {
        int left = column * CellGrid.CellSize, top = row * CellGrid.CellSize;
        bool any = false;
        for (int y = 0; y < CellGrid.CellSize; y++)
            for (int x = 0; x < CellGrid.CellSize; x++)
                any |= IsInk(s, left + x, top + y);
        if (!any)
            return Blank;
        foreach (char c in BitmapFont.Characters)
            if (Matches(s, left, top, c))
                return c;
        return Unreadable;
    }

    /// <summary>The characters of the cells a one-row box covers, left to right.</summary>
    public static string ReadBox(RenderedSample s, Box box)
    {
        Assert.That(box.Height, Is.EqualTo(CellGrid.CellSize), $"{box} is not one text row");
        return string.Concat(Enumerable.Range(box.X / CellGrid.CellSize, box.Width / CellGrid.CellSize)
            .Select(column => ReadCell(s, column, box.Y / CellGrid.CellSize)));
    }

    public static string ReadRow(RenderedSample s, int row) =>
        string.Concat(Enumerable.Range(0, CellGrid.Cells).Select(column => ReadCell(s, column, row)));

    private static bool Matches(RenderedSample s, int left, int top, char c)
    {
        for (int y = 0; y < CellGrid.CellSize; y++)
            for (int x = 0; x < CellGrid.CellSize; x++)
            {
                int gx = x - BitmapFont.OffsetX, gy = y - BitmapFont.OffsetY;
                bool inked = gx is >= 0 and < BitmapFont.GlyphWidth && gy is >= 0 and < BitmapFont.GlyphHeight
                    && BitmapFont.IsInked(c, gx, gy);
                if (inked != IsInk(s, left + x, top + y))
                    return false;
            }
        return true;
    }
}

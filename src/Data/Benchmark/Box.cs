namespace AsymVLM.Data.Benchmark;

/// <summary>An axis-aligned pixel rectangle in image coordinates (origin top-left).</summary>
public sealed record Box(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;
    public int Bottom => Y + Height;

    public bool FitsInside(int imageWidth, int imageHeight) =>
        X >= 0 && Y >= 0 && Width > 0 && Height > 0 && Right <= imageWidth && Bottom <= imageHeight;

    /// <summary>The manifest's notation, [x, y, width, height].</summary>
    public override string ToString() => $"[{X}, {Y}, {Width}, {Height}]";
}

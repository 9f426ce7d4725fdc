namespace AsymVLM.Inference.Evaluation;

/// <summary>Draws which patches were kept: dropped patches are dimmed, kept ones stay as they were.</summary>
public static class KeptPatchOverlay
{
    /// <param name="rgb">HWC bytes of an image the size the model saw (grid x grid patches)</param>
    public static byte[] Draw(byte[] rgb, int width, int height, int grid, IEnumerable<long> kept)
    {
        var keep = kept.ToHashSet();
        var output = (byte[])rgb.Clone();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                long patch = (long)(y * grid / height) * grid + x * grid / width;
                if (keep.Contains(patch)) continue;
                int i = (y * width + x) * 3;
                for (int c = 0; c < 3; c++) output[i + c] = (byte)(40 + output[i + c] / 5);
            }
        return output;
    }

    /// <summary>Tiles equally sized RGB images into a grid with a white gap.</summary>
    public static (byte[] Rgb, int Width, int Height) Tile(IReadOnlyList<byte[]> images, int width, int height, int columns, int gap = 6)
    {
        int rows = (images.Count + columns - 1) / columns;
        int w = columns * width + (columns + 1) * gap, h = rows * height + (rows + 1) * gap;
        var canvas = Enumerable.Repeat((byte)255, w * h * 3).ToArray();
        for (int n = 0; n < images.Count; n++)
        {
            int ox = gap + n % columns * (width + gap), oy = gap + n / columns * (height + gap);
            for (int y = 0; y < height; y++)
                Array.Copy(images[n], y * width * 3, canvas, ((oy + y) * w + ox) * 3, width * 3);
        }
        return (canvas, w, h);
    }
}

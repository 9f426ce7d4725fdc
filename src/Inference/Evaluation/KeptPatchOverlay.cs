using AsymVLM.Data.Images;
using AsymVLM.Inference.Model;

namespace AsymVLM.Inference.Evaluation;

/// <summary>Draws which patches were kept: dropped patches are dimmed, kept ones stay as they were.</summary>
public static class KeptPatchOverlay
{
    /// <summary>The white gap <see cref="Tile"/> leaves around and between images, in pixels.</summary>
    public const int Gap = 6;

    /// <param name="rgb">HWC bytes of an image the size the model saw (grid x grid patches)</param>
    public static byte[] Draw(byte[] rgb, int width, int height, int grid, IEnumerable<long> kept)
    {
        var keep = kept.ToHashSet();
        var output = (byte[])rgb.Clone();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                long patch = (long)(y * grid / height) * grid + x * grid / width;
                if (!keep.Contains(patch)) Dim(output, (y * width + x) * 3);
            }
        return output;
    }

    /// <summary>
    /// The image's kept patches as the model saw them: one overlay over the tower's grid for a one-view model (exact when
    /// the preprocessor crops nothing), the views side by side for an AnyRes image (<see cref="DrawViews"/>).
    /// </summary>
    /// <param name="anyRes">the image's AnyRes layout; null for a one-view model</param>
    /// <param name="kept">image-token indices, as AskResult.KeptIndices has them</param>
    public static (byte[] Rgb, int Width, int Height) DrawAsSeen(RgbImage image, VisionConfig vision, AnyResLayout? anyRes, IEnumerable<long> kept) =>
        anyRes is null
            ? (Draw(image.Pixels, image.Width, image.Height, vision.GridSize, kept), image.Width, image.Height)
            : DrawViews(image.Pixels, image.Width, image.Height, ViewProjection.AnyRes(anyRes, vision.PatchSize), kept);

    /// <summary>
    /// One overlay of the image per view, side by side in view order (an AnyRes image: its base view, then its tile map):
    /// each pixel is dimmed unless the patch its centre lands in (<see cref="ViewProjection.PatchAt"/>) was kept, so
    /// pixels a view does not show (unpadded away) are dimmed in it.
    /// </summary>
    /// <param name="kept">image-token indices (<see cref="Selection.VisionView.PatchToken"/>, as AskResult.KeptIndices has them); newlines draw nothing</param>
    public static (byte[] Rgb, int Width, int Height) DrawViews(byte[] rgb, int width, int height, IReadOnlyList<ViewProjection> views, IEnumerable<long> kept)
    {
        var keep = kept.ToHashSet();
        var overlays = views.Select(projection =>
        {
            var output = (byte[])rgb.Clone();
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    if (projection.PatchAt(x, y) is (int row, int column) && keep.Contains(projection.View.PatchToken(row, column))) continue;
                    Dim(output, (y * width + x) * 3);
                }
            return output;
        }).ToList();
        return Tile(overlays, width, height, overlays.Count);
    }

    static void Dim(byte[] rgb, int i)
    {
        for (int c = 0; c < 3; c++) rgb[i + c] = (byte)(40 + rgb[i + c] / 5);
    }

    /// <summary>Tiles equally sized RGB images into a grid with a white gap.</summary>
    public static (byte[] Rgb, int Width, int Height) Tile(IReadOnlyList<byte[]> images, int width, int height, int columns, int gap = Gap)
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

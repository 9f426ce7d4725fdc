namespace AsymVLM.Data.Images;

/// <summary>
/// LLaVA-NeXT's AnyRes geometry for one image, as HF computes it (<c>select_best_resolution</c>,
/// <c>get_anyres_image_grid_shape</c>, <c>unpad_image</c>, <c>LlavaNextProcessor._get_number_of_features</c>): the
/// grid pinpoint the image is fitted into, its tiles, and which patch rows or columns of the tiled feature map survive
/// unpadding. Sizes are (height, width); <see cref="Grid"/> is the vision tower's patches per side.
/// </summary>
public sealed record AnyResLayout(int ImageHeight, int ImageWidth, int BestHeight, int BestWidth, int TileSize, int Grid)
{
    /// <summary>Tiles (after the base view) in row-major order.</summary>
    public int Rows => BestHeight / TileSize;
    public int Columns => BestWidth / TileSize;
    public int Views => 1 + Rows * Columns;

    /// <summary>The tiled feature map before unpadding, in patches.</summary>
    public int PaddedHeight => Rows * Grid;
    public int PaddedWidth => Columns * Grid;

    /// <summary>
    /// The patch rows [Top, Top + Height) and columns [Left, Left + Width) that show the image: the tiles were padded
    /// to the pinpoint around an aspect-preserving resize, and those patches are cut away again (HF's rounding).
    /// </summary>
    public (int Top, int Height, int Left, int Width) Unpadded
    {
        get
        {
            double imageAspect = (double)ImageWidth / ImageHeight, mapAspect = (double)PaddedWidth / PaddedHeight;
            if (imageAspect > mapAspect)
            {
                int height = (int)Math.Round(ImageHeight * ((double)PaddedWidth / ImageWidth), 7, MidpointRounding.ToEven);
                int padding = (PaddedHeight - height) / 2;
                return (padding, PaddedHeight - 2 * padding, 0, PaddedWidth);
            }
            int width = (int)Math.Round(ImageWidth * ((double)PaddedHeight / ImageHeight), 7, MidpointRounding.ToEven);
            int pad = (PaddedWidth - width) / 2;
            return (0, PaddedHeight, pad, PaddedWidth - 2 * pad);
        }
    }

    /// <summary>Image tokens in the language model: the base view's patches, then each unpadded row and its newline.</summary>
    public int ImageTokens(int baseViewTokens)
    {
        var (_, height, _, width) = Unpadded;
        return baseViewTokens + height * (width + 1);
    }

    /// <param name="pinpoints">the candidate (height, width) resolutions, <c>image_grid_pinpoints</c></param>
    /// <param name="tileSize">the vision tower's input side</param>
    /// <param name="grid">the vision tower's patches per side</param>
    public static AnyResLayout For(int imageHeight, int imageWidth, IReadOnlyList<(int Height, int Width)> pinpoints, int tileSize, int grid)
    {
        if (imageHeight < 1 || imageWidth < 1) throw new ArgumentOutOfRangeException(nameof(imageHeight), $"image {imageHeight} x {imageWidth} has no pixels");
        if (pinpoints.Count == 0) throw new ArgumentException("image_grid_pinpoints is empty.", nameof(pinpoints));
        var (bestHeight, bestWidth) = BestResolution(imageHeight, imageWidth, pinpoints);
        return new AnyResLayout(imageHeight, imageWidth, bestHeight, bestWidth, tileSize, grid);
    }

    /// <summary>HF <c>select_best_resolution</c>: the most image pixels kept after an aspect-preserving fit, then the least padding.</summary>
    public static (int Height, int Width) BestResolution(int imageHeight, int imageWidth, IReadOnlyList<(int Height, int Width)> pinpoints)
    {
        (int, int) best = pinpoints[0];
        long bestEffective = -1, leastWasted = long.MaxValue;
        foreach (var (height, width) in pinpoints)
        {
            double scale = Math.Min((double)width / imageWidth, (double)height / imageHeight);
            long downscaled = (long)(imageWidth * scale) * (long)(imageHeight * scale);
            long effective = Math.Min(downscaled, (long)imageWidth * imageHeight);
            long wasted = (long)height * width - effective;
            if (effective > bestEffective || (effective == bestEffective && wasted < leastWasted))
            {
                best = (height, width);
                bestEffective = effective;
                leastWasted = wasted;
            }
        }
        return best;
    }
}

namespace AsymVLM.Data.Images;

/// <summary>
/// LLaVA-NeXT's AnyRes geometry for one image, as HF computes it (<c>select_best_resolution</c>,
/// <c>get_anyres_image_grid_shape</c>, <c>unpad_image</c>, <c>LlavaNextProcessor._get_number_of_features</c>): the
/// grid pinpoint the image is fitted into, its tiles, and which patch rows or columns of the tiled feature map survive
/// unpadding, and (LLaVA-OneVision, <see cref="MaxNumPatches"/>) the size that map is downscaled to. Sizes are
/// (height, width); <see cref="Grid"/> is the vision tower's patches per side.
/// </summary>
public sealed record AnyResLayout(int ImageHeight, int ImageWidth, int BestHeight, int BestWidth, int TileSize, int Grid)
{
    /// <summary>OneVision's "anyres_max_N": N, the tiles' worth of patches the unpadded map may keep; null: no limit (NeXT).</summary>
    public int? MaxNumPatches { get; init; }

    /// <summary>Tiles (after the base view) in row-major order.</summary>
    public int Rows => BestHeight / TileSize;
    public int Columns => BestWidth / TileSize;
    public int Views => 1 + Rows * Columns;

    /// <summary>
    /// Where the image lies in the pinpoint's pixels (HF <c>_resize_for_patching</c> + <c>_pad_for_patching</c>): resized
    /// to Height x Width, keeping its aspect (the fitted side rounded up), and zero-padded around the centre from (Top, Left).
    /// </summary>
    public (int Top, int Height, int Left, int Width) Fitted
    {
        get
        {
            double scaleWidth = (double)BestWidth / ImageWidth, scaleHeight = (double)BestHeight / ImageHeight;
            (int height, int width) = scaleWidth < scaleHeight
                ? (Math.Min((int)Math.Ceiling(ImageHeight * scaleWidth), BestHeight), BestWidth)
                : (BestHeight, Math.Min((int)Math.Ceiling(ImageWidth * scaleHeight), BestWidth));
            return ((BestHeight - height) / 2, height, (BestWidth - width) / 2, width);
        }
    }

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

    /// <summary>
    /// The unpadded map's size as packed into the language model. OneVision (HF <c>pack_image_features</c>,
    /// <c>_get_unpadded_features</c>): with ratio = sqrt(H * W / (N * Grid^2)), a map with ratio > 1.1 is resized
    /// (bilinearly, by the model) to (int(H // ratio), int(W // ratio)); otherwise, and for NeXT, it stays as it is.
    /// </summary>
    public (int Height, int Width) Packed
    {
        get
        {
            var (_, height, _, width) = Unpadded;
            if (MaxNumPatches is not int n) return (height, width);
            double ratio = Math.Sqrt((double)height * width / ((double)n * Grid * Grid));
            return ratio > 1.1 ? ((int)PythonFloorDivide(height, ratio), (int)PythonFloorDivide(width, ratio)) : (height, width);
        }
    }

    /// <summary>Python's float <c>a // b</c> (CPython's divmod), which is not always <c>floor(a / b)</c> when the quotient rounds up to an integer.</summary>
    static double PythonFloorDivide(double a, double b)
    {
        double mod = a % b, div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) div -= 1.0;
        if (div == 0) return 0;
        double floor = Math.Floor(div);
        return div - floor > 0.5 ? floor + 1.0 : floor;
    }

    /// <summary>Image tokens in the language model: the base view's patches, then each packed row and its newline.</summary>
    public int ImageTokens(int baseViewTokens)
    {
        var (height, width) = Packed;
        return baseViewTokens + height * (width + 1);
    }

    /// <param name="pinpoints">the candidate (height, width) resolutions, <c>image_grid_pinpoints</c></param>
    /// <param name="tileSize">the vision tower's input side</param>
    /// <param name="grid">the vision tower's patches per side</param>
    /// <param name="maxNumPatches">OneVision's anyres_max N; null for NeXT</param>
    public static AnyResLayout For(int imageHeight, int imageWidth, IReadOnlyList<(int Height, int Width)> pinpoints, int tileSize, int grid,
        int? maxNumPatches = null)
    {
        if (imageHeight < 1 || imageWidth < 1) throw new ArgumentOutOfRangeException(nameof(imageHeight), $"image {imageHeight} x {imageWidth} has no pixels");
        if (pinpoints.Count == 0) throw new ArgumentException("image_grid_pinpoints is empty.", nameof(pinpoints));
        var (bestHeight, bestWidth) = BestResolution(imageHeight, imageWidth, pinpoints);
        return new AnyResLayout(imageHeight, imageWidth, bestHeight, bestWidth, tileSize, grid) { MaxNumPatches = maxNumPatches };
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

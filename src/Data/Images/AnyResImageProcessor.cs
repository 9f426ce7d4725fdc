namespace AsymVLM.Data.Images;

/// <summary>
/// HF LlavaNextImageProcessor on one image: a base view (the image resized to the tower's square input) followed by
/// the tiles of the image fitted into its best grid pinpoint (aspect-preserving resize, centred zero padding, row-major
/// tiles). Every view then goes through <paramref name="views"/> (the CLIP-style resize, crop, rescale and normalize,
/// which leave a tile-sized view's geometry as it is). LLaVA-OneVision's processor makes the same views; its
/// <paramref name="maxNumPatches"/> (anyres_max_N) only sets the layout's downscaled map.
/// </summary>
public sealed class AnyResImageProcessor(ClipImageProcessor views, IReadOnlyList<(int Height, int Width)> pinpoints, int tileSize, int grid,
    int? maxNumPatches = null)
{
    public AnyResLayout Layout(int imageHeight, int imageWidth) => AnyResLayout.For(imageHeight, imageWidth, pinpoints, tileSize, grid, maxNumPatches);

    /// <summary>The views [base, tiles...] of <paramref name="image"/>, each [3, tile, tile], and their layout.</summary>
    public (IReadOnlyList<PixelValues> Views, AnyResLayout Layout) Preprocess(RgbImage image)
    {
        ImageLimits.Check(image.Width, image.Height, "image to preprocess");
        var layout = Layout(image.Height, image.Width);
        var resample = views.Config.Resample;
        var result = new List<PixelValues> { views.Preprocess(PilResize.Resize(image, tileSize, tileSize, resample)) };
        var padded = FitAndPad(image, layout, resample);
        for (int row = 0; row < layout.Rows; row++)
            for (int column = 0; column < layout.Columns; column++)
                result.Add(views.Preprocess(Tile(padded, row * tileSize, column * tileSize)));
        return (result, layout);
    }

    /// <summary>The image resized into its pinpoint and zero-padded around it, as <see cref="AnyResLayout.Fitted"/> places it.</summary>
    static RgbImage FitAndPad(RgbImage image, AnyResLayout layout, PilResampling resample)
    {
        var (top, newHeight, left, newWidth) = layout.Fitted;
        int width = layout.BestWidth;
        var resized = PilResize.Resize(image, newWidth, newHeight, resample);
        var pixels = new byte[layout.BestHeight * width * 3];
        for (int y = 0; y < newHeight; y++)
            Array.Copy(resized.Pixels, y * newWidth * 3, pixels, ((top + y) * width + left) * 3, newWidth * 3);
        return new RgbImage(width, layout.BestHeight, pixels);
    }

    RgbImage Tile(RgbImage image, int top, int left)
    {
        var pixels = new byte[tileSize * tileSize * 3];
        for (int y = 0; y < tileSize; y++)
            Array.Copy(image.Pixels, ((top + y) * image.Width + left) * 3, pixels, y * tileSize * 3, tileSize * 3);
        return new RgbImage(tileSize, tileSize, pixels);
    }
}

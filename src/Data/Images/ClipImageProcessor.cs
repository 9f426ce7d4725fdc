namespace AsymVLM.Data.Images;

/// <summary>
/// HF CLIPImageProcessor (slow, PIL-based) on one image: optional LLaVA pad-to-square, resize with PIL's filter,
/// center crop, rescale and normalize, in that order and with its rounding, giving [3, H, W] float32.
/// </summary>
public sealed class ClipImageProcessor(PreprocessorConfig config, bool padToSquare = false)
{
    public PreprocessorConfig Config { get; } = config;

    /// <summary>LLaVA-1.5's "pad" aspect-ratio mode: expand to a square of the mean colour before resizing.</summary>
    public bool PadToSquare { get; } = padToSquare;

    public PixelValues Preprocess(byte[] rgb, int width, int height) => Preprocess(new RgbImage(width, height, rgb));

    public PixelValues Preprocess(RgbImage image) => RescaleAndNormalize(ResizeAndCrop(image));

    /// <summary>The uint8 stages: pad to square, resize, center crop.</summary>
    public RgbImage ResizeAndCrop(RgbImage image)
    {
        ImageLimits.Check(image.Width, image.Height, "image to preprocess");
        if (PadToSquare)
            image = SquarePadding.Expand(image, SquarePadding.BackgroundFromMean(Config.ImageMean));
        if (Config.DoResize)
        {
            (int height, int width) = ResizeTarget(image.Height, image.Width);
            // A large shortest_edge on an elongated image can ask for more pixels than any input holds.
            if ((long)height * width > (long)ImageLimits.MaxSide * ImageLimits.MaxSide)
                throw new InvalidDataException(
                    $"Resizing a {image.Width} x {image.Height} image to {width} x {height} exceeds {ImageLimits.MaxSide} x {ImageLimits.MaxSide} pixels.");
            image = PilResize.Resize(image, width, height, Config.Resample);
        }
        if (Config.DoCenterCrop)
            image = CenterCrop.Apply(image, Config.CropHeight, Config.CropWidth);
        return image;
    }

    /// <summary>
    /// HF <c>get_resize_output_image_size</c>: with a shortest edge the longer side becomes
    /// <c>int(shortest * long / short)</c> (truncated); otherwise the fixed height and width.
    /// </summary>
    public (int Height, int Width) ResizeTarget(int height, int width)
    {
        if (Config.ShortestEdge is not int shortest)
            return (Config.ResizeHeight!.Value, Config.ResizeWidth!.Value);
        int shortSide = Math.Min(height, width), longSide = Math.Max(height, width);
        int newLong = (int)((double)shortest * longSide / shortSide);
        return width <= height ? (newLong, shortest) : (shortest, newLong);
    }

    /// <summary>
    /// HF rescales in float64 then casts to float32, and normalizes in float32; done the same way here so values match
    /// to the last bit. Output is channels first (HWC -> CHW).
    /// </summary>
    private PixelValues RescaleAndNormalize(RgbImage image)
    {
        int plane = image.Width * image.Height;
        var data = new float[PixelValues.Channels * plane];
        for (int c = 0; c < PixelValues.Channels; c++)
        {
            float mean = (float)Config.ImageMean[c];
            float std = (float)Config.ImageStd[c];
            for (int i = 0; i < plane; i++)
            {
                byte v = image.Pixels[i * 3 + c];
                float value = Config.DoRescale ? (float)(v * Config.RescaleFactor) : v;
                data[c * plane + i] = Config.DoNormalize ? (value - mean) / std : value;
            }
        }
        return new PixelValues(data, image.Height, image.Width);
    }
}

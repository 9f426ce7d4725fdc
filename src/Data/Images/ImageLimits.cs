namespace AsymVLM.Data.Images;

/// <summary>
/// The image sizes accepted before decoding and resizing. Resizing keeps the aspect ratio, so a 1 x 40,000 strip
/// would become 224 x 8,960,000 pixels (gigabytes); a decompression bomb declares sizes no camera makes.
/// </summary>
public static class ImageLimits
{
    public const int MaxSide = 8192;

    /// <summary>Longer over shorter side; tall receipts and panoramas stay well inside it.</summary>
    public const int MaxAspectRatio = 64;

    /// <param name="source">Names the image in the error: a file path, or a dataset row.</param>
    public static void Check(int width, int height, string source)
    {
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide)
            throw new InvalidDataException(
                $"Image '{source}' is {width} x {height} pixels; each side must be between 1 and {MaxSide}.");
        int shortSide = Math.Min(width, height), longSide = Math.Max(width, height);
        if (longSide > (long)shortSide * MaxAspectRatio)
            throw new InvalidDataException(
                $"Image '{source}' is {width} x {height} pixels, an aspect ratio over {MaxAspectRatio}:1; resizing it would blow up its longer side.");
    }
}

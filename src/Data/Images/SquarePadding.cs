namespace AsymVLM.Data.Images;

/// <summary>
/// LLaVA's <c>expand2square</c> ("pad" aspect ratio): the image pasted onto a square canvas of its longer side,
/// offset by <c>(long - short) // 2</c>, the rest filled with a background colour.
/// </summary>
public static class SquarePadding
{
    public static RgbImage Expand(RgbImage image, (byte R, byte G, byte B) background)
    {
        if (image.Width == image.Height)
            return image;
        int side = Math.Max(image.Width, image.Height);
        int offsetX = (side - image.Width) / 2;
        int offsetY = (side - image.Height) / 2;

        var pixels = new byte[side * side * 3];
        for (int i = 0; i < side * side; i++)
        {
            pixels[i * 3] = background.R;
            pixels[i * 3 + 1] = background.G;
            pixels[i * 3 + 2] = background.B;
        }
        int rowBytes = image.Width * 3;
        for (int y = 0; y < image.Height; y++)
            Array.Copy(image.Pixels, y * rowBytes, pixels, ((y + offsetY) * side + offsetX) * 3, rowBytes);
        return new RgbImage(side, side, pixels);
    }

    /// <summary>LLaVA's background: <c>tuple(int(x * 255) for x in image_mean)</c>, i.e. truncated, not rounded.</summary>
    public static (byte R, byte G, byte B) BackgroundFromMean(IReadOnlyList<double> imageMean) =>
        ((byte)(int)(imageMean[0] * 255), (byte)(int)(imageMean[1] * 255), (byte)(int)(imageMean[2] * 255));
}

namespace AsymVLM.Data.Images;

/// <summary>
/// HF <c>image_transforms.center_crop</c>: the window starts at <c>(size - crop) // 2</c> (floor division), and an
/// image smaller than the crop is first zero-padded, centred with the extra pixel (if odd) on the top/left.
/// </summary>
public static class CenterCrop
{
    public static RgbImage Apply(RgbImage image, int cropHeight, int cropWidth)
    {
        if (cropHeight <= 0 || cropWidth <= 0)
            throw new ArgumentOutOfRangeException(nameof(cropHeight), $"Crop size must be positive, got {cropHeight}x{cropWidth}.");
        if (cropHeight == image.Height && cropWidth == image.Width)
            return image;

        // Coordinates of the crop window inside the (possibly) padded canvas, then mapped back onto the image.
        int paddedHeight = Math.Max(cropHeight, image.Height);
        int paddedWidth = Math.Max(cropWidth, image.Width);
        int padTop = (paddedHeight - image.Height + 1) / 2;
        int padLeft = (paddedWidth - image.Width + 1) / 2;
        int top = FloorDiv(image.Height - cropHeight, 2) + padTop;
        int left = FloorDiv(image.Width - cropWidth, 2) + padLeft;

        var pixels = new byte[cropHeight * cropWidth * 3];
        for (int y = 0; y < cropHeight; y++)
        {
            int sourceY = top + y - padTop;
            if (sourceY < 0 || sourceY >= image.Height)
                continue; // zero padding
            for (int x = 0; x < cropWidth; x++)
            {
                int sourceX = left + x - padLeft;
                if (sourceX < 0 || sourceX >= image.Width)
                    continue;
                Array.Copy(image.Pixels, (sourceY * image.Width + sourceX) * 3, pixels, (y * cropWidth + x) * 3, 3);
            }
        }
        return new RgbImage(cropWidth, cropHeight, pixels);
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);
}

namespace AsymVLM.Data.Images;

/// <summary>An 8-bit RGB image, row-major with interleaved channels: <c>Pixels[(y * Width + x) * 3 + c]</c> ([H, W, 3]).</summary>
public sealed record RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        if (pixels.Length != width * height * 3)
            throw new ArgumentException($"A {width}x{height} RGB image needs {width * height * 3} bytes, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public byte this[int x, int y, int channel] => Pixels[(y * Width + x) * 3 + channel];
}

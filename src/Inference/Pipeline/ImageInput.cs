using AsymVLM.Data.Images;
using StbImageSharp;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Pipeline;

/// <summary>Image files and RGB buffers to pixel_values [3, H, W] for one model.</summary>
public sealed class ImageInput(int size, IReadOnlyList<float> mean, IReadOnlyList<float> std)
{
    public Tensor FromRgb(byte[] rgb, int width, int height)
    {
        if (width != size || height != size)
            throw new ArgumentException($"Image is {width}x{height}; this model takes {size}x{size}.");
        return PixelValues.FromRgb(rgb, width, height, mean, std);
    }

    public Tensor FromFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Image not found: {path}", path);
        ImageResult image;
        try { image = ImageResult.FromMemory(File.ReadAllBytes(path), ColorComponents.RedGreenBlue); }
        catch (Exception e) { throw new InvalidDataException($"{path}: not a readable image: {e.Message}", e); }
        try { return FromRgb(image.Data, image.Width, image.Height); }
        catch (ArgumentException e) { throw new ArgumentException($"{path}: {e.Message}", e); }
    }
}

using static TorchSharp.torch;

namespace AsymVLM.Data.Images;

/// <summary>RGB bytes (HWC) to the model's pixel_values: CHW float32, rescaled to [0,1] and normalized per channel.</summary>
public static class PixelValues
{
    public static Tensor FromRgb(byte[] rgb, int width, int height, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        if (rgb.Length != width * height * 3)
            throw new ArgumentException($"Expected {width}x{height}x3 = {width * height * 3} bytes, got {rgb.Length}.");
        using var scope = NewDisposeScope();
        var hwc = tensor(rgb, dtype: ScalarType.Byte).view(height, width, 3).to(float32) / 255f;
        var m = tensor(mean.ToArray()).view(3, 1, 1);
        var s = tensor(std.ToArray()).view(3, 1, 1);
        return ((hwc.permute(2, 0, 1) - m) / s).contiguous().MoveToOuterDisposeScope(); // [3, H, W]
    }
}

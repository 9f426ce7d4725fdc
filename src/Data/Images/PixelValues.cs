using static TorchSharp.torch;

namespace AsymVLM.Data.Images;

/// <summary>A preprocessed image as the vision tower takes it: float32, channels first, <c>Data[(c * Height + y) * Width + x]</c>.</summary>
public sealed record PixelValues(float[] Data, int Height, int Width)
{
    public const int Channels = 3;

    /// <summary>A new tensor [3, H, W] (CPU, float32) owning a copy of <see cref="Data"/>; the caller disposes it.</summary>
    public Tensor ToTensor() => tensor(Data, [Channels, Height, Width]);
}

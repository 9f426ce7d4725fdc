using AsymVLM.Data.Images;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// One image as the pipeline takes it: pixel values [3, S, S] (one view, LLaVA), or an AnyRes model's views
/// [V, 3, S, S] (base view first, then the tiles row-major) with the layout of the image they came from, which sets
/// how many image tokens the prompt holds. Disposing it frees <see cref="Pixels"/>.
/// </summary>
public sealed record ImagePixels(Tensor Pixels, AnyResLayout? AnyRes = null) : IDisposable
{
    /// <summary>A single view [3, S, S], as the pipeline took it before AnyRes.</summary>
    public static implicit operator ImagePixels(Tensor pixels) => new(pixels);

    /// <summary>The one view [3, S, S]; <paramref name="user"/> (what takes one view per image) is named when an AnyRes image has several.</summary>
    public Tensor SingleView(string user) => AnyRes is null ? Pixels : throw new NotSupportedException(
        $"{user} takes one view per image; this {AnyRes.ImageHeight} x {AnyRes.ImageWidth} image has {AnyRes.Views} AnyRes views.");

    public void Dispose() => Pixels.Dispose();
}

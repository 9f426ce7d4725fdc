using AsymVLM.Data.Images;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// Image files and RGB buffers to the pipeline's pixels, preprocessed as the model's preprocessor_config.json says: one
/// view [3, H, W], or with <paramref name="anyRes"/> (LLaVA-NeXT, OneVision) the base view and the tiles [V, 3, H, W] with
/// their layout.
/// </summary>
public sealed class ImageInput(ClipImageProcessor processor, AnyResImageProcessor? anyRes = null)
{
    /// <summary>The processor of one view (of each AnyRes view).</summary>
    public ClipImageProcessor Processor => processor;

    public ImagePixels FromRgb(byte[] rgb, int width, int height) => FromRgbImage(new RgbImage(width, height, rgb));

    public ImagePixels FromRgbImage(RgbImage image)
    {
        if (anyRes is null) return new ImagePixels(processor.Preprocess(image).ToTensor());
        var (views, layout) = anyRes.Preprocess(image);
        using var scope = NewDisposeScope();
        return new ImagePixels(stack(views.Select(v => v.ToTensor()).ToArray()).MoveToOuterDisposeScope(), layout);
    }

    public ImagePixels FromFile(string path) => FromRgbImage(ImageDecoder.DecodeFile(path));
}

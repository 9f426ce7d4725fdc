using AsymVLM.Data.Images;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Pipeline;

/// <summary>Image files and RGB buffers to pixel_values [3, H, W], preprocessed as the model's preprocessor_config.json says.</summary>
public sealed class ImageInput(ClipImageProcessor processor)
{
    public ClipImageProcessor Processor => processor;

    public Tensor FromRgb(byte[] rgb, int width, int height) => processor.Preprocess(rgb, width, height).ToTensor();

    public Tensor FromRgbImage(RgbImage image) => processor.Preprocess(image).ToTensor();

    public Tensor FromFile(string path)
    {
        return FromRgbImage(ImageDecoder.DecodeFile(path));
    }
}

using AsymVLM.Data.Images;
using AsymVLM.Inference.Model;
using AsymVLM.Tests.Model;

namespace AsymVLM.Tests.Pipeline;

/// <summary>
/// The tiny LLaVA-NeXT of the pipeline tests (32-pixel tiles of 4 x 4 patches) and images of known AnyRes geometry. A
/// 32 x 32 pinpoint is added to the tiny ones so that a small image fits one tile.
/// </summary>
public static class TinyLlavaNext
{
    /// <summary>
    /// A tiny random LLaVA-NeXT directory whose answers depend on its image tokens: the projector's output is amplified
    /// (random text embeddings otherwise outweigh them), and image_newline is random as HF initialises it (at zero, a
    /// newline misplaced or replaced would go unseen).
    /// </summary>
    public static TinyModelDirectory Directory(string tower, int seed = 3) => new(seed, Config(tower), model =>
    {
        model.get_parameter("multi_modal_projector.linear_2.weight").mul_(Amplification);
        model.get_parameter("multi_modal_projector.linear_2.bias").mul_(Amplification);
        model.get_parameter("image_newline").normal_();
    });

    const double Amplification = 32;

    public static LlavaConfig Config(string tower) => TinyConfigs.LlavaNext(tower) with
    {
        ImageGridPinpoints = [(32, 32), .. TinyConfigs.LlavaNext(tower).ImageGridPinpoints],
    };

    /// <summary>(height, width) of an image tiled 1 x 3 into a map unpadded to 4 x 10 patches (4 newlines, 56 patches).</summary>
    public static readonly (int Height, int Width) Wide = (40, 90);

    /// <summary>(height, width) of an image that fits one tile (two views: the base view and that tile).</summary>
    public static readonly (int Height, int Width) Small = (24, 20);

    public static readonly (int Height, int Width)[] Sizes = [Wide, Small];

    /// <summary>Random pixels of this size.</summary>
    public static RgbImage Image((int Height, int Width) size, int seed)
    {
        var pixels = new byte[size.Height * size.Width * 3];
        new Random(seed).NextBytes(pixels);
        return new RgbImage(size.Width, size.Height, pixels);
    }
}

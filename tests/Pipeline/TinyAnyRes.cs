using AsymVLM.Data.Images;
using AsymVLM.Inference.Model;
using AsymVLM.Tests.Model;

namespace AsymVLM.Tests.Pipeline;

/// <summary>
/// The tiny LLaVA-NeXT and LLaVA-OneVision of the pipeline tests (32-pixel tiles of 4 x 4 patches) and images of known
/// AnyRes geometry. A 32 x 32 pinpoint is added to the tiny ones so that a small image fits one tile; OneVision's
/// anyres_max_1 downscales any map over one tile's 16 patches (times 1.1^2).
/// </summary>
public static class TinyAnyRes
{
    /// <summary>
    /// A tiny random AnyRes model directory whose answers depend on its image tokens: the projector's output is amplified
    /// (random text embeddings otherwise outweigh them), and image_newline is random as HF initialises it (at zero, a
    /// newline misplaced or replaced would go unseen).
    /// </summary>
    public static TinyModelDirectory Directory(string tower, string type = LlavaConfig.LlavaNext, int seed = 3) => new(seed, Config(tower, type), model =>
    {
        model.get_parameter("multi_modal_projector.linear_2.weight").mul_(Amplification);
        model.get_parameter("multi_modal_projector.linear_2.bias").mul_(Amplification);
        model.get_parameter("image_newline").normal_();
    });

    const double Amplification = 32;

    public static readonly string[] Types = [LlavaConfig.LlavaNext, LlavaConfig.LlavaOnevision];

    public static LlavaConfig Config(string tower, string type = LlavaConfig.LlavaNext) => TinyConfigs.LlavaNext(tower) with
    {
        ModelType = type,
        ImageGridPinpoints = [(32, 32), .. TinyConfigs.LlavaNext(tower).ImageGridPinpoints],
        MaxNumPatches = type == LlavaConfig.LlavaOnevision ? 1 : null,
    };

    /// <summary>(height, width) of an image tiled 1 x 3 into a map unpadded to 4 x 10 patches (NeXT: 4 newlines, 56 patches;
    /// OneVision: downscaled to 2 x 6, 2 newlines, 28 patches).</summary>
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

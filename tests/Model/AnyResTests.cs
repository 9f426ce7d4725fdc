using AsymVLM.Data.Images;
using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Model;

/// <summary>LLaVA-NeXT's AnyRes: the geometry, the processor's views and the packed image tokens agree with each other.</summary>
public class AnyResTests
{
    static readonly (int, int)[] TinyPinpoints = [(32, 64), (64, 32), (64, 64), (96, 32), (32, 96)];

    [TestCase(40, 90, 32, 96)]   // landscape: the widest pinpoint keeps the most pixels
    [TestCase(70, 30, 96, 32)]   // portrait
    [TestCase(50, 50, 64, 64)]   // square
    [TestCase(10, 12, 32, 64)]   // tiny: every pinpoint keeps all pixels, the first with the least padding wins
    public void TheBestResolutionKeepsTheMostPixelsThenWastesTheLeast(int height, int width, int bestHeight, int bestWidth) =>
        Assert.That(AnyResLayout.BestResolution(height, width, TinyPinpoints), Is.EqualTo((bestHeight, bestWidth)));

    [Test]
    public void LlavaNextsOwnGeometryGivesItsTokenCounts()
    {
        // LLaVA-1.6 (336-pixel tiles, 24 x 24 patches): a square image fills 672 x 672, 576 base tokens + 48 rows of 48 + newline.
        var square = AnyResLayout.For(1000, 1000, LlavaConfig.DefaultPinpoints, 336, 24);
        Assert.That((square.BestHeight, square.BestWidth, square.Views, square.ImageTokens(576)), Is.EqualTo((672, 672, 5, 576 + 48 * 49)));
        // A 2:1 landscape picks 336 x 672 with nothing to unpad: 576 + 24 rows of 48 + newline.
        var wide = AnyResLayout.For(300, 600, LlavaConfig.DefaultPinpoints, 336, 24);
        Assert.That((wide.BestHeight, wide.BestWidth, wide.Unpadded, wide.ImageTokens(576)), Is.EqualTo((336, 672, (0, 24, 0, 48), 576 + 24 * 49)));
    }

    [TestCase(40, 90)]
    [TestCase(70, 30)]
    [TestCase(33, 33)]
    public void TheProcessorsViewsBecomeAsManyTokensAsTheLayoutCounts(int height, int width)
    {
        var config = TinyConfigs.LlavaNext();
        using var model = new LlavaModel(config);
        var views = new ClipImageProcessor(new PreprocessorConfig { ShortestEdge = 32, CropHeight = 32, CropWidth = 32 });
        var processor = new AnyResImageProcessor(views, config.ImageGridPinpoints, 32, 4);
        var image = new RgbImage(width, height, Enumerable.Range(0, width * height * 3).Select(i => (byte)(i * 13 % 256)).ToArray());
        var (pixels, layout) = processor.Preprocess(image);
        Assert.That(layout, Is.EqualTo(model.AnyResLayout(height, width)));
        Assert.That(pixels, Has.Count.EqualTo(layout.Views).And.All.Matches<PixelValues>(v => v.Height == 32 && v.Width == 32));

        using var noGrad = no_grad();
        var stacked = stack(pixels.Select(p => p.ToTensor()).ToArray());
        var tokens = model.EncodeAnyRes(stacked, layout);
        Assert.That(tokens.shape, Is.EqualTo(new long[] { 1, layout.ImageTokens(16), 48 }));
    }

    [Test]
    public void PinpointsThatAreNotTileMultiplesAreRefusedNamingTheKey()
    {
        var config = TinyConfigs.LlavaNext() with { ImageGridPinpoints = [(32, 50)] };
        Assert.That(() => config.Validate("config.json"),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("image_grid_pinpoints holds [32, 50]"));
    }
}

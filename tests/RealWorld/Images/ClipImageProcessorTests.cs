using AsymVLM.Data.Images;
using static AsymVLM.Tests.RealWorld.Images.PilResizeTests;

namespace AsymVLM.Tests.RealWorld.Images;

public class ClipImageProcessorTests
{
    private static readonly PreprocessorConfig Small = new() { ShortestEdge = 3, CropHeight = 3, CropWidth = 3 };

    [Test]
    public void FullPipelineMatchesTheReferenceFloats()
    {
        // reference/pil_resize_reference.py: bicubic 7x5 -> 4x3 (int(3 * 7 / 5) = 4), crop 3x3 at left 0, rescale, normalize.
        float[] expected =
        [
            -1.2813176f, -0.18643562f, 0.5726826f, 0.20772196f, 0.09093457f, -0.5221994f, 0.42669836f, -0.6681836f, 0.36830464f,
            0.24393615f, 0.8292391f, 0.19891284f, 1.2794721f, -0.14626591f, 0.09385836f, -0.13125814f, 0.6041226f, 0.4390371f,
            0.9940718f, -0.7692165f, -0.0013328948f, -0.34261447f, 0.33994877f, 0.6670103f, 0.59590995f, -0.15775362f, -0.086653285f,
        ];
        PixelValues values = new ClipImageProcessor(Small).Preprocess(Fixture());

        Assert.That((values.Height, values.Width), Is.EqualTo((3, 3)));
        Assert.That(values.Data, Is.EqualTo(expected).Within(1e-6f));
    }

    [Test]
    public void PadToSquareUsesTheTruncatedMeanColourBackground()
    {
        var background = SquarePadding.BackgroundFromMean(PreprocessorConfig.OpenAiClipMean);
        Assert.That(background, Is.EqualTo(((byte)122, (byte)116, (byte)104)));

        RgbImage square = SquarePadding.Expand(Fixture(), background);
        Assert.That((square.Width, square.Height), Is.EqualTo((7, 7)));
        Assert.That((square[0, 0, 0], square[6, 6, 2]), Is.EqualTo(((byte)122, (byte)104)), "rows 0 and 6 are background");
        Assert.That(square[3, 1, 1], Is.EqualTo(Fixture()[3, 0, 1]), "the image starts at row (7 - 5) // 2 = 1");

        RgbImage processed = new ClipImageProcessor(Small, padToSquare: true).ResizeAndCrop(Fixture());
        Assert.That(processed.Pixels, Is.EqualTo(new byte[] { 72, 132, 130, 131, 146, 77, 141, 98, 133, 129, 170, 104, 108, 119, 125, 130, 145, 136, 122, 112, 126, 119, 148, 92, 127, 115, 115 }));
    }

    [Test]
    public void CenterCropStartsAtFloorHalfAndZeroPadsSmallImages()
    {
        // 4 wide x 1 high, pixel x has value 10 * (x + 1) in every channel.
        var row = new RgbImage(4, 1, [10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40]);
        // Width 4 -> 3: left = (4 - 3) // 2 = 0. Height 1 -> 2: pad one row, ceil(1 / 2) = 1 on top.
        RgbImage cropped = CenterCrop.Apply(row, cropHeight: 2, cropWidth: 3);
        Assert.That(cropped.Pixels, Is.EqualTo(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10, 10, 20, 20, 20, 30, 30, 30 }));

        // Width 4 -> 2: left = (4 - 2) // 2 = 1.
        Assert.That(CenterCrop.Apply(row, 1, 2).Pixels, Is.EqualTo(new byte[] { 20, 20, 20, 30, 30, 30 }));
    }

    [Test]
    public void RescalesAndNormalizesPerChannelIntoChwOrder()
    {
        var config = new PreprocessorConfig { DoResize = false, DoCenterCrop = false, ImageMean = [0.5, 0.5, 0.5], ImageStd = [0.5, 0.25, 1.0] };
        // 2x1 image: pixel 0 = (0, 255, 51), pixel 1 = (255, 0, 102).
        PixelValues values = new ClipImageProcessor(config).Preprocess([0, 255, 51, 255, 0, 102], width: 2, height: 1);
        // R: (0 - .5) / .5 = -1, (1 - .5) / .5 = 1; G: (1 - .5) / .25 = 2, -2; B: .2 - .5 = -.3, .4 - .5 = -.1.
        Assert.That(values.Data, Is.EqualTo(new[] { -1f, 1f, 2f, -2f, -0.3f, -0.1f }).Within(1e-6f));

        using var tensor = values.ToTensor();
        Assert.That(tensor.shape, Is.EqualTo(new long[] { 3, 1, 2 }));
        Assert.That(tensor[1, 0, 1].item<float>(), Is.EqualTo(-2f).Within(1e-6f));
    }

    [Test]
    public void ResizeTargetKeepsAspectWithTruncation()
    {
        var processor = new ClipImageProcessor(new PreprocessorConfig { ShortestEdge = 336 });
        Assert.That(processor.ResizeTarget(height: 480, width: 640), Is.EqualTo((336, 448)));
        Assert.That(processor.ResizeTarget(height: 1000, width: 333), Is.EqualTo((1009, 336)), "int(336 * 1000 / 333) = int(1009.009)");
        var fixedSize = new ClipImageProcessor(new PreprocessorConfig { ShortestEdge = null, ResizeHeight = 384, ResizeWidth = 512 });
        Assert.That(fixedSize.ResizeTarget(10, 10), Is.EqualTo((384, 512)));
    }
}

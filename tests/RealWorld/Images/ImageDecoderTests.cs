using AsymVLM.Data.Images;
using AsymVLM.Tests.RealWorld.Fixtures;
using StbImageWriteSharp;

namespace AsymVLM.Tests.RealWorld.Images;

public class ImageDecoderTests
{
    private static void Write(string path, byte[] pixels, int width, int height, ColorComponents components, bool jpeg = false)
    {
        using FileStream stream = File.Create(path);
        var writer = new ImageWriter();
        if (jpeg)
            writer.WriteJpg(pixels, width, height, components, stream, quality: 100);
        else
            writer.WritePng(pixels, width, height, components, stream);
    }

    [Test]
    public void PngRoundTripsExactly()
    {
        using var dir = new TempDirectory();
        RgbImage original = PilResizeTests.Fixture();
        Write(dir.File("a.png"), original.Pixels, original.Width, original.Height, ColorComponents.RedGreenBlue);

        RgbImage decoded = ImageDecoder.DecodeFile(dir.File("a.png"));

        Assert.That((decoded.Width, decoded.Height), Is.EqualTo((7, 5)));
        Assert.That(decoded.Pixels, Is.EqualTo(original.Pixels));
    }

    [Test]
    public void GreyIsReplicatedAndAlphaDropped()
    {
        using var dir = new TempDirectory();
        Write(dir.File("grey.png"), [0, 128, 255, 7], 2, 2, ColorComponents.Grey);
        Write(dir.File("rgba.png"), [1, 2, 3, 0, 4, 5, 6, 255], 2, 1, ColorComponents.RedGreenBlueAlpha);

        Assert.That(ImageDecoder.DecodeFile(dir.File("grey.png")).Pixels, Is.EqualTo(new byte[] { 0, 0, 0, 128, 128, 128, 255, 255, 255, 7, 7, 7 }));
        Assert.That(ImageDecoder.DecodeFile(dir.File("rgba.png")).Pixels, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6 }));
    }

    [Test]
    public void JpegDecodesCloseToTheOriginal()
    {
        using var dir = new TempDirectory();
        // A flat 16x16 colour: JPEG's block transform keeps it up to rounding.
        byte[] flat = Enumerable.Range(0, 16 * 16).SelectMany(_ => new byte[] { 200, 100, 50 }).ToArray();
        Write(dir.File("a.jpg"), flat, 16, 16, ColorComponents.RedGreenBlue, jpeg: true);

        RgbImage decoded = ImageDecoder.DecodeFile(dir.File("a.jpg"));

        Assert.That((decoded.Width, decoded.Height), Is.EqualTo((16, 16)));
        Assert.That(decoded.Pixels.Select((v, i) => Math.Abs(v - flat[i])).Max(), Is.LessThanOrEqualTo(3));
    }

    [Test]
    public void CorruptOrMissingFilesAreNamed()
    {
        using var dir = new TempDirectory();
        dir.Write("corrupt.png", "this is not an image");
        var corrupt = Assert.Throws<InvalidDataException>(() => ImageDecoder.DecodeFile(dir.File("corrupt.png")));
        Assert.That(corrupt!.Message, Does.Contain(dir.File("corrupt.png")));

        // A valid PNG signature followed by garbage.
        File.WriteAllBytes(dir.File("truncated.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2]);
        var truncated = Assert.Throws<InvalidDataException>(() => ImageDecoder.DecodeFile(dir.File("truncated.png")));
        Assert.That(truncated!.Message, Does.Contain(dir.File("truncated.png")));

        var missing = Assert.Throws<FileNotFoundException>(() => ImageDecoder.DecodeFile(dir.File("missing.jpg")));
        Assert.That(missing!.Message, Does.Contain(dir.File("missing.jpg")));
    }

    [TestCase(1, 65_000)]
    [TestCase(40_000, 1)]
    [TestCase(8193, 200)]
    [TestCase(2, 1000)]
    public void OversizedOrExtremeAspectImagesAreRefusedBeforeResizing(int width, int height)
    {
        using var dir = new TempDirectory();
        Write(dir.File("strip.png"), new byte[width * height], width, height, ColorComponents.Grey);
        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.DecodeFile(dir.File("strip.png")));
        Assert.That(e!.Message, Does.Contain(dir.File("strip.png")).And.Contain($"{width} x {height} pixels"));
    }

    [Test]
    public void ADeclaredSizeIsCheckedBeforeAnyPixelIsDecoded()
    {
        // A PNG whose header claims 10000 x 10000 (300 MB of RGB) and holds no pixel data.
        using var dir = new TempDirectory();
        byte[] header = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A,
                         0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10, 8, 2, 0, 0, 0, 0, 0, 0, 0,
                         0, 0, 0, 0, (byte)'I', (byte)'D', (byte)'A', (byte)'T', 0, 0, 0, 0];
        File.WriteAllBytes(dir.File("bomb.png"), header);
        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.DecodeFile(dir.File("bomb.png")));
        Assert.That(e!.Message, Does.Contain(dir.File("bomb.png")).And.Contain("10000 x 10000"));
    }

    [Test]
    public void ThePreprocessorRefusesAnExtremeAspectRatioToo()
    {
        var processor = new ClipImageProcessor(new PreprocessorConfig());
        Assert.That(() => processor.Preprocess(new byte[1 * 1000 * 3], 1, 1000),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("1 x 1000"));
    }
}

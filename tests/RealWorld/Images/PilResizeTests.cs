using AsymVLM.Data.Images;

namespace AsymVLM.Tests.RealWorld.Images;

/// <summary>Expected pixels printed by reference/pil_resize_reference.py with Pillow 9.4.0 on the same 7x5 image.</summary>
public class PilResizeTests
{
    /// <summary>Same formula as the reference script's fixture(): varied values with sharp edges.</summary>
    internal static RgbImage Fixture(int width = 7, int height = 5)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    pixels[(y * width + x) * 3 + c] = (byte)((x * 37 + y * 53 + c * 91 + x * y * 7) % 256);
        return new RgbImage(width, height, pixels);
    }

    private static readonly object[] PilCases =
    [
        new object[] { PilResampling.Bicubic, 4, 3, new byte[] { 35, 133, 174, 110, 172, 50, 162, 130, 104, 132, 81, 173, 137, 202, 80, 129, 107, 128, 87, 123, 151, 135, 173, 119, 152, 108, 146, 77, 157, 93, 148, 146, 98, 136, 107, 123 } },
        new object[] { PilResampling.Bicubic, 8, 6, new byte[] { 0, 88, 179, 27, 118, 233, 60, 150, 58, 92, 189, 4, 124, 240, 50, 160, 185, 83, 200, 8, 116, 229, 54, 145, 37, 128, 242, 71, 161, 90, 107, 228, 43, 156, 130, 68, 212, 62, 107, 177, 95, 150, 44, 88, 201, 91, 125, 234, 83, 173, 114, 121, 239, 51, 191, 158, 82, 127, 68, 145, 89, 62, 204, 106, 122, 188, 59, 190, 95, 104, 226, 145, 126, 234, 34, 188, 188, 93, 162, 78, 164, 59, 84, 140, 26, 161, 139, 95, 178, 137, 168, 136, 52, 210, 186, 118, 174, 213, 98, 187, 71, 151, 58, 98, 177, 53, 168, 69, 129, 203, 17, 162, 148, 92, 171, 36, 150, 224, 98, 148, 219, 37, 138, 40, 99, 208, 56, 160, 56, 126, 234, 33, 196, 160, 108, 168, 47, 174, 16, 134, 184, 86, 187, 5 } },
        new object[] { PilResampling.Bilinear, 4, 3, new byte[] { 43, 134, 166, 106, 166, 61, 157, 131, 105, 137, 84, 168, 130, 190, 89, 127, 116, 122, 95, 129, 147, 132, 166, 119, 147, 114, 141, 84, 153, 96, 147, 140, 102, 134, 113, 122 } },
        new object[] { PilResampling.Lanczos, 5, 4, new byte[] { 15, 100, 218, 61, 166, 78, 144, 195, 21, 167, 122, 109, 171, 35, 178, 76, 188, 115, 159, 201, 49, 149, 40, 173, 98, 109, 176, 51, 207, 154, 171, 220, 58, 151, 75, 170, 23, 151, 111, 121, 167, 93, 229, 123, 106, 167, 77, 168, 40, 137, 117, 160, 214, 31, 149, 77, 164, 92, 129, 108 } },
        new object[] { PilResampling.Box, 3, 2, new byte[] { 75, 166, 129, 128, 134, 111, 125, 130, 136, 153, 116, 143, 114, 163, 83, 140, 103, 130 } },
        new object[] { PilResampling.Hamming, 4, 3, new byte[] { 37, 128, 177, 105, 173, 47, 163, 151, 99, 145, 77, 167, 128, 202, 75, 139, 97, 132, 80, 134, 174, 134, 189, 98, 151, 110, 144, 79, 160, 85, 161, 136, 103, 125, 119, 117 } },
    ];

    [TestCaseSource(nameof(PilCases))]
    public void MatchesPillowBitForBit(PilResampling resampling, int width, int height, byte[] expected)
    {
        RgbImage resized = PilResize.Resize(Fixture(), width, height, resampling);
        Assert.That((resized.Width, resized.Height), Is.EqualTo((width, height)));
        Assert.That(resized.Pixels, Is.EqualTo(expected));
    }

    [Test]
    public void SameSizeIsACopyAndNearestIsRejected()
    {
        RgbImage image = Fixture();
        Assert.That(PilResize.Resize(image, 7, 5, PilResampling.Bicubic).Pixels, Is.EqualTo(image.Pixels));
        Assert.Throws<ArgumentException>(() => PilResize.Resize(image, 3, 3, PilResampling.Nearest));
    }
}

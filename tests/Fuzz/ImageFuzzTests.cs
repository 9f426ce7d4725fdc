using System.Buffers.Binary;
using AsymVLM.Data.Images;
using StbImageWriteSharp;

namespace AsymVLM.Tests.Fuzz;

/// <summary>
/// PNG and JPEG files mutated (bytes, truncation, or a PNG header rewritten to an extreme size), decoded and
/// preprocessed for a 32-pixel tower: a clear error naming the file, or an image within <see cref="ImageLimits"/>
/// that becomes [3, 32, 32] pixel values.
/// </summary>
public class ImageFuzzTests
{
    static readonly (int Width, int Height)[] ExtremeSizes =
        [(1, 65_000), (65_000, 1), (1, 40_000), (0, 5), (8193, 8193), (100_000, 100_000), (2, 1000), (8192, 128)];

    static byte[] Encode(bool jpeg, ColorComponents components, int width, int height)
    {
        int channels = components == ColorComponents.Grey ? 1 : 3;
        byte[] pixels = Enumerable.Range(0, width * height * channels).Select(v => (byte)(v * 7)).ToArray();
        using var stream = new MemoryStream();
        var writer = new ImageWriter();
        if (jpeg) writer.WriteJpg(pixels, width, height, components, stream, quality: 90);
        else writer.WritePng(pixels, width, height, components, stream);
        return stream.ToArray();
    }

    [Test]
    public void MutatedImagesGiveAClearErrorOrTheTowersInput()
    {
        byte[][] seeds =
        [
            Encode(jpeg: false, ColorComponents.RedGreenBlue, 40, 30),
            Encode(jpeg: true, ColorComponents.RedGreenBlue, 40, 30),
            Encode(jpeg: false, ColorComponents.Grey, 17, 33),
        ];
        var processor = new ClipImageProcessor(new PreprocessorConfig { ShortestEdge = 32, CropHeight = 32, CropWidth = 32 });
        using var scratch = new FuzzScratch();
        var oracle = new ClearErrorOracle();
        for (int i = 0; i < FuzzCaseCounts.Image; i++)
        {
            var mutator = new Mutator(i);
            int seed = i % seeds.Length;
            byte[] file = seeds[seed].ToArray();
            string what;
            if (seed != 1 && mutator.Next(3) == 0)
            {
                // The IHDR chunk's width and height (bytes 16-23); stb_image does not check the CRC.
                var (width, height) = mutator.Pick(ExtremeSizes);
                BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(16), width);
                BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(20), height);
                what = $"PNG header says {width} x {height}";
            }
            else
            {
                what = mutator.MutateBytes(ref file);
            }
            string path = scratch.File($"case{i}{(seed == 1 ? ".jpg" : ".png")}");
            File.WriteAllBytes(path, file);
            oracle.Run($"case {i} ({what})", path, () =>
            {
                var image = ImageDecoder.DecodeFile(path);
                Assert.That(image.Width is > 0 and <= ImageLimits.MaxSide && image.Height is > 0 and <= ImageLimits.MaxSide, Is.True, $"case {i}");
                var pixels = processor.Preprocess(image);
                Assert.That((pixels.Height, pixels.Width), Is.EqualTo((32, 32)), $"case {i}");
            });
        }
        oracle.AssertAllClear(FuzzCaseCounts.Image);
    }
}

using System.Text.Json;
using AsymVLM.Data.Images;
using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Model;
using AsymVLM.Tests.Regression;
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

    static string ReferenceDir => Path.Combine(ShippedCheckpoints.RepositoryRoot(), "tests", "fixtures", "independent-llava-next-processor");

    static IEnumerable<TestCaseData> ReferenceCases()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReferenceDir, "anyres_cases.json")));
        foreach (var c in json.RootElement.EnumerateArray())
        {
            int[] Pair(string key) => c.GetProperty(key).EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var size = Pair("image_size");
            yield return new TestCaseData(
                size[0], size[1], c.GetProperty("grid_pinpoints").EnumerateArray().Select(p => (p[0].GetInt32(), p[1].GetInt32())).ToArray(),
                c.GetProperty("tile_size").GetInt32(), c.GetProperty("patch_size").GetInt32(), c.GetProperty("base_tokens").GetInt32(),
                (Pair("best_resolution")[0], Pair("best_resolution")[1], Pair("grid")[0], Pair("grid")[1], c.GetProperty("num_views").GetInt32(), c.GetProperty("image_tokens").GetInt32()))
                .SetArgDisplayNames($"{c.GetProperty("geometry").GetString()} {size[0]}x{size[1]}");
        }
    }

    /// <summary>The independent reference's geometry (tests/reference/independent/llava_next.py), on tiny and LLaVA-1.6 sizes.</summary>
    [TestCaseSource(nameof(ReferenceCases))]
    public void TheLayoutMatchesTheIndependentReference(int height, int width, (int, int)[] pinpoints, int tile, int patch, int baseTokens,
        (int BestHeight, int BestWidth, int Rows, int Columns, int Views, int Tokens) expected)
    {
        var layout = AnyResLayout.For(height, width, pinpoints, tile, tile / patch);
        Assert.That((layout.BestHeight, layout.BestWidth, layout.Rows, layout.Columns, layout.Views, layout.ImageTokens(baseTokens)), Is.EqualTo(expected));
    }

    [TestCase("square")]
    [TestCase("wide")]
    public void TheProcessorMatchesTheIndependentReference(string name)
    {
        using var file = SafeTensorsFile.Open(Path.Combine(ReferenceDir, "processor.safetensors"));
        var pixels = file.Read($"{name}_image", ScalarType.Byte);
        var image = new RgbImage((int)pixels.shape[1], (int)pixels.shape[0], pixels.data<byte>().ToArray());
        var config = PreprocessorConfig.Load(Path.Combine(ReferenceDir, PreprocessorConfig.FileName));
        var processor = new AnyResImageProcessor(new ClipImageProcessor(config), TinyPinpoints, 32, 4);
        var (views, layout) = processor.Preprocess(image);
        var expected = file.Read($"{name}_pixel_values", ScalarType.Float32);
        Assert.That(views, Has.Count.EqualTo(expected.shape[0]).And.Count.EqualTo(layout.Views));
        var actual = stack(views.Select(v => v.ToTensor()).ToArray());
        Assert.That((actual - expected).abs().max().item<float>(), Is.LessThan(1e-5f));
    }
}

using System.Text.Json.Nodes;
using AsymVLM.Data.Images;
using AsymVLM.Inference.Checkpoints;

namespace AsymVLM.Tests.Fuzz;

/// <summary>
/// preprocessor_config.json mutated and used on an image for a 32-pixel vision tower: a clear error, or pixel values
/// of exactly [3, 32, 32], all finite.
/// </summary>
public class PreprocessorConfigFuzzTests
{
    const int ImageSize = 32;

    [Test]
    public void MutatedPreprocessorConfigsGiveAClearErrorOrTheTowersInput()
    {
        using var scratch = new FuzzScratch();
        ModelDirectory.SavePreprocessorConfig(scratch.Path, new PreprocessorConfig { ShortestEdge = ImageSize, CropHeight = ImageSize, CropWidth = ImageSize });
        string seed = File.ReadAllText(scratch.File(PreprocessorConfig.FileName));
        var image = new RgbImage(40, 30, Enumerable.Range(0, 40 * 30 * 3).Select(v => (byte)v).ToArray());
        var oracle = new ClearErrorOracle();
        for (int i = 0; i < FuzzCaseCounts.PreprocessorConfig; i++)
        {
            var mutator = new Mutator(i);
            string text = seed, what;
            if (mutator.Next(4) == 0)
            {
                what = mutator.MutateText(ref text);
            }
            else
            {
                var json = JsonNode.Parse(text)!;
                what = mutator.MutateJson(json);
                text = json.ToJsonString();
            }
            string path = scratch.File($"case{i}.json");
            File.WriteAllText(path, text);
            oracle.Run($"case {i} ({what})", path, () =>
            {
                var config = PreprocessorConfig.Load(path);
                config.CheckProducesSquare(ImageSize, path, "config.json vision_config.image_size");
                var pixels = new ClipImageProcessor(config).Preprocess(image);
                Assert.That((pixels.Height, pixels.Width), Is.EqualTo((ImageSize, ImageSize)), $"case {i}");
                Assert.That(pixels.Data.All(float.IsFinite), Is.True, $"case {i}: non-finite pixel values");
            });
        }
        oracle.AssertAllClear(FuzzCaseCounts.PreprocessorConfig);
    }
}

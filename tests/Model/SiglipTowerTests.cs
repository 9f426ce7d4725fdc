using System.Text.Json.Nodes;
using AsymVLM.Data.Images;
using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Model;

/// <summary>The SigLIP tower as LLaVA uses it: no CLS token, every patch an image token, loaded from an HF-layout directory.</summary>
public class SiglipTowerTests
{
    [Test]
    public void EveryPatchBecomesAnImageTokenAndTheTokenAttentionIsWhatEachReceives()
    {
        var vlm = TinyVlm.Create(tower: VisionConfig.Siglip);
        using var noGrad = no_grad();
        var image = vlm.Model.EncodeImage(TinyVlm.Pixels(0).unsqueeze(0), wantEncoderAttention: true);
        Assert.That(vlm.Model.Config.ImageTokenCount, Is.EqualTo(16));
        Assert.That(image.Tokens.shape, Is.EqualTo(new long[] { 1, 16, 48 }));
        // Averaged over every query, the attention each token receives sums to one over the tokens.
        Assert.That(image.EncoderAttention!.shape, Is.EqualTo(new long[] { 1, 16 }));
        Assert.That(image.EncoderAttention.sum().item<float>(), Is.EqualTo(1f).Within(1e-5f));
    }

    [Test]
    public void TheDefaultStrategyIsRefusedForATowerWithoutCls()
    {
        var config = TinyConfigs.Siglip() with { VisionFeatureSelectStrategy = "default" };
        Assert.That(() => config.Validate("config.json"),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("vision_feature_select_strategy 'default'").And.Message.Contains("'full'"));
    }

    [Test]
    public void ASavedModelLoadsWithSiglipProcessorDefaultsAndAnswersAsInMemory()
    {
        var vlm = TinyVlm.Create(seed: 5, tower: VisionConfig.Siglip);
        string dir = Directory.CreateTempSubdirectory("asymvlm-siglip-").FullName;
        try
        {
            ModelDirectory.SaveModel(vlm.Model, dir);
            ((BenchmarkTokenizer)vlm.Tokenizer).Save(dir);
            // As SiglipImageProcessor writes it: no crop keys, so its defaults (plain resize, mean/std 0.5) must apply.
            File.WriteAllText(Path.Combine(dir, PreprocessorConfig.FileName), new JsonObject
            {
                ["image_processor_type"] = "SiglipImageProcessor", ["size"] = new JsonObject { ["height"] = 32, ["width"] = 32 },
            }.ToJsonString());

            var loaded = VlmLoader.Load(dir, ComputeTarget.Cpu);
            var processor = loaded.Images.Processor.Config;
            Assert.That((processor.DoCenterCrop, processor.ImageMean[0], processor.ImageStd[2]), Is.EqualTo((false, 0.5, 0.5)));

            var rgb = new RgbImage(40, 24, Enumerable.Range(0, 40 * 24 * 3).Select(i => (byte)(i * 7 % 251)).ToArray());
            var options = new RequestOptions { Generation = new GenerationOptions { MaxNewTokens = 6 } };
            var expected = new AsymPipeline(vlm).Ask(loaded.Images.FromRgbImage(rgb), "read line 2", options);
            var actual = new AsymPipeline(loaded).Ask(loaded.Images.FromRgbImage(rgb), "read line 2", options);
            Assert.That(actual.Tokens, Is.EqualTo(expected.Tokens));
            Assert.That(actual.Stats.VisionTokensKept, Is.EqualTo(16));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

using AsymVLM.Data.Images;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Pipeline;

/// <summary>The files of a model directory are checked against each other before the weights are loaded.</summary>
public class VlmLoaderTests
{
    [Test]
    public void ATinyModelDirectoryLoads()
    {
        using var dir = new TinyModelDirectory();
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        Assert.That(vlm.Model.Config.Vision.ImageSize, Is.EqualTo(32));
    }

    [Test]
    public void CropSizeOtherThanTheVisionImageSizeNamesBothFiles()
    {
        using var dir = new TinyModelDirectory();
        ModelDirectory.SavePreprocessorConfig(dir.Path, new PreprocessorConfig { ShortestEdge = 64, CropHeight = 64, CropWidth = 64 });
        Assert.That(() => VlmLoader.Load(dir.Path, ComputeTarget.Cpu), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains(PreprocessorConfig.FileName).And.Message.Contains("crop_size 64x64")
            .And.Message.Contains("config.json' vision_config.image_size 32"));
    }

    [Test]
    public void WithoutCropOrFixedSizeImagesWouldKeepTheirShape()
    {
        using var dir = new TinyModelDirectory();
        ModelDirectory.SavePreprocessorConfig(dir.Path, new PreprocessorConfig { ShortestEdge = 32, DoCenterCrop = false, CropHeight = 32, CropWidth = 32 });
        Assert.That(() => VlmLoader.Load(dir.Path, ComputeTarget.Cpu), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains(PreprocessorConfig.FileName).And.Message.Contains("do_center_crop"));
    }

    [Test]
    public void ATokenizerLargerThanTheVocabularyNamesBoth()
    {
        using var dir = new TinyModelDirectory();
        var config = dir.Config with { Text = dir.Config.Text with { VocabSize = dir.Config.Text.VocabSize - 1 } };
        config.Save(dir.File(ModelDirectory.ConfigFile));
        Assert.That(() => VlmLoader.Load(dir.Path, ComputeTarget.Cpu), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains($"the tokenizer has {dir.Config.Text.VocabSize} tokens")
            .And.Message.Contains($"text_config.vocab_size {config.Text.VocabSize}"));
    }
}

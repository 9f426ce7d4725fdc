using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Model;

namespace AsymVLM.Tests.Pipeline;

/// <summary>The loader prepares AnyRes views for llava_next and refuses, naming the file and the type, what the pipeline cannot run.</summary>
public class AnyResLoaderTests
{
    [Test]
    public void ALlavaNextDirectoryPreparesTheBaseViewAndTheTiles()
    {
        using var dir = TinyLlavaNext.Directory(VisionConfig.Clip);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        using var image = vlm.Images.FromRgbImage(TinyLlavaNext.Image(TinyLlavaNext.Wide, seed: 1));
        Assert.That(image.AnyRes, Is.EqualTo(vlm.Model.AnyResLayout(TinyLlavaNext.Wide.Height, TinyLlavaNext.Wide.Width)));
        Assert.That(image.Pixels.shape, Is.EqualTo(new long[] { 4, 3, 32, 32 }));
        Assert.That(() => image.SingleView("The teacher pass"), Throws.InstanceOf<NotSupportedException>()
            .With.Message.Contains("The teacher pass").And.Message.Contains("4 AnyRes views"));
        vlm.Model.Dispose();
    }

    [Test]
    public void ALlavaOnevisionDirectoryIsRefusedNamingTheConfigAndTheType()
    {
        var onevision = TinyConfigs.LlavaNext(VisionConfig.Siglip) with { ModelType = LlavaConfig.LlavaOnevision, MaxNumPatches = 1 };
        using var dir = new TinyModelDirectory(config: onevision);
        Assert.That(() => VlmLoader.Load(dir.Path, ComputeTarget.Cpu), Throws.InstanceOf<NotSupportedException>()
            .With.Message.Contains(dir.File(ModelDirectory.ConfigFile)).And.Message.Contains("model_type 'llava_onevision'"));
    }
}

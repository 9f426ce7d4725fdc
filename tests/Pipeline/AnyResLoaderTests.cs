using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Model;

namespace AsymVLM.Tests.Pipeline;

/// <summary>The loader prepares AnyRes views for llava_next and llava_onevision and refuses, naming the file and the key, a type it cannot run.</summary>
public class AnyResLoaderTests
{
    [Test]
    public void ALlavaNextDirectoryPreparesTheBaseViewAndTheTiles()
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        using var image = vlm.Images.FromRgbImage(TinyAnyRes.Image(TinyAnyRes.Wide, seed: 1));
        Assert.That(image.AnyRes, Is.EqualTo(vlm.Model.AnyResLayout(TinyAnyRes.Wide.Height, TinyAnyRes.Wide.Width)));
        Assert.That(image.Pixels.shape, Is.EqualTo(new long[] { 4, 3, 32, 32 }));
        Assert.That(() => image.SingleView("The teacher pass"), Throws.InstanceOf<NotSupportedException>()
            .With.Message.Contains("The teacher pass").And.Message.Contains("4 AnyRes views"));
        vlm.Model.Dispose();
    }

    [Test]
    public void ALlavaOnevisionDirectoryPreparesItsDownscaledLayout()
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Siglip, LlavaConfig.LlavaOnevision);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        using var image = vlm.Images.FromRgbImage(TinyAnyRes.Image(TinyAnyRes.Wide, seed: 1));
        Assert.That(image.AnyRes, Is.EqualTo(vlm.Model.AnyResLayout(TinyAnyRes.Wide.Height, TinyAnyRes.Wide.Width)));
        Assert.That((image.AnyRes!.MaxNumPatches, image.AnyRes.Packed), Is.EqualTo(((int?)1, (2, 6))));
        vlm.Model.Dispose();
    }

    [Test]
    public void AModelTypeThePipelineCannotRunIsRefusedNamingTheConfigAndTheKey()
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip);
        string config = dir.File(ModelDirectory.ConfigFile);
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"llava_next\"", "\"llava_next_video\""));
        Assert.That(() => VlmLoader.Load(dir.Path, ComputeTarget.Cpu), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains(config).And.Message.Contains("model_type 'llava_next_video'"));
    }
}

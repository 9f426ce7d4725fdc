using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Model;
using AsymVLM.Tests.Pipeline;
using AsymVLM.Training.Distillation;
using StbImageWriteSharp;

namespace AsymVLM.Tests.Distillation;

/// <summary>
/// The teacher cache stores [n, N, D]: an AnyRes dataset whose images give two layouts is refused, naming the image at
/// fault, the one it differs from and both layouts.
/// </summary>
public class AnyResDatasetLayoutTests
{
    [Test]
    public void AnImageOfAnotherLayoutIsNamedWithBothLayouts()
    {
        using var teacher = new TinyAnyResTeacher(LlavaConfig.LlavaNext, VisionConfig.Clip);
        var samples = Manifest.Read(teacher.Data.Manifest);
        string first = Manifest.ImagePath(teacher.Data.Manifest, samples[0]), odd = Manifest.ImagePath(teacher.Data.Manifest, samples[3]);
        var (height, width) = TinyAnyRes.Wide;
        using (var png = File.Create(odd))
            new ImageWriter().WritePng(TinyAnyRes.Image(TinyAnyRes.Wide, seed: 1).Pixels, width, height, ColorComponents.RedGreenBlue, png);

        Assert.That(() => TeacherPass.Ensure(teacher.Vlm, teacher.Options(TeacherOptions.AttentionSignal), teacher.Data),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(odd)
                .And.Message.Contains(first)
                .And.Message.Contains($"{height} x {width} image, views 4x4 + 4x10+newlines")
                .And.Message.Contains("128 x 128 image, views 4x4 + 8x8+newlines"));
    }
}

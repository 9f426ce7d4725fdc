using AsymVLM.Inference.Model;
using AsymVLM.Inference.Selection;
using AsymVLM.Training.Distillation;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Distillation;

/// <summary>
/// The teacher pass on a tiny AnyRes model: each signal's cached targets cover exactly the patch slots (the newlines are
/// never scored) and the cached vision tokens are the encoder's patch rows, in patch order. A CLIP teacher also caches
/// each view's CLS attention in patch order; a SigLIP one (no CLS token) caches none.
/// </summary>
public class AnyResTeacherTargetsTests
{
    static IEnumerable<TestCaseData> ModelsAndSignals() =>
        from model in TinyAnyResTeacher.Models
        from signal in new[] { TeacherOptions.AttentionSignal, TeacherOptions.RolloutSignal, TeacherOptions.GradientSignal }
        select new TestCaseData(model.Type, model.Tower, signal);

    [TestCaseSource(nameof(ModelsAndSignals))]
    public void TheTargetsCoverThePatchSlotsOnly(string type, string tower, string signal)
    {
        using var teacher = new TinyAnyResTeacher(type, tower);
        var layout = teacher.Layout;
        Assume.That(layout.NewlineTokens(), Is.Not.Empty);
        var targets = TeacherPass.Ensure(teacher.Vlm, teacher.Options(signal), teacher.Data);

        int patches = layout.PatchCount;
        Assert.That(targets.Distribution.shape, Is.EqualTo(new long[] { 4, patches }));
        Assert.That((targets.Distribution.sum(-1) - 1).abs().max().item<float>(), Is.LessThan(1e-5f));
        Assert.That(targets.Budget.le(patches).all().item<bool>() && targets.Budget.ge(1).all().item<bool>());

        using var image = teacher.Image(2);
        using var noGrad = no_grad();
        var encoded = teacher.Vlm.Model.EncodeAnyRes(image.Pixels, image.AnyRes!)[0];                // [N, D], newlines included
        var expected = encoded.index_select(0, tensor(layout.PatchTokens())).to(float16).to(float32);
        Assert.That(targets.VisionTokens.shape, Is.EqualTo(new long[] { 4, patches, encoded.shape[1] }));
        Assert.That((targets.VisionTokens[2].to(float32) - expected).abs().max().item<float>(), Is.LessThan(1e-3f));
    }

    [TestCase(LlavaConfig.LlavaNext)]
    [TestCase(LlavaConfig.LlavaOnevision)]
    public void AClipTeacherCachesEachViewsClsAttentionInPatchOrderForTheBaseline(string type)
    {
        using var teacher = new TinyAnyResTeacher(type, VisionConfig.Clip);
        var targets = TeacherPass.Ensure(teacher.Vlm, teacher.Options(TeacherOptions.AttentionSignal), teacher.Data);
        Assert.That(targets.EncoderAttention.shape, Is.EqualTo(new long[] { 4, teacher.Layout.PatchCount }));

        using var image = teacher.Image(2);
        using (no_grad())
        {
            var packed = teacher.Vlm.Model.EncodeAnyRes(image.Pixels, image.AnyRes!, true).EncoderAttention![0]; // [P], patch order
            Assert.That((targets.EncoderAttention[2] - packed / packed.sum()).abs().max().item<float>(), Is.LessThan(1e-6f));
        }
        Assert.That(HeadEvaluation.BaselineRecall(targets, new EncoderAttentionSelector(), teacher.Layout).Values, Is.All.InRange(0.0, 1.0));
    }

    [Test]
    public void ASiglipTeacherCachesNoClsAttentionAndItsBaselineIsRefusedByName()
    {
        using var teacher = new TinyAnyResTeacher(LlavaConfig.LlavaOnevision, VisionConfig.Siglip);
        var targets = TeacherPass.Ensure(teacher.Vlm, teacher.Options(TeacherOptions.AttentionSignal), teacher.Data);
        Assert.That(targets.EncoderAttention.shape, Is.EqualTo(new long[] { 4, 0 }), "a SigLIP tower has no CLS token");
        Assert.That(() => HeadEvaluation.BaselineRecall(targets, new EncoderAttentionSelector(), teacher.Layout),
            Throws.InstanceOf<NotSupportedException>().With.Message.Contains($"'{EncoderAttentionSelector.MethodName}'").And.Message.Contains("SigLIP"));
    }
}

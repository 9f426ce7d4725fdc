using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Selection;
using AsymVLM.Training.Distillation;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Distillation;

/// <summary>
/// The loss ladder on a tiny LLaVA-NeXT runs the frozen model on its top-k patches and every image_newline: its rungs
/// count patches, and its full rung is the unpruned sequence itself.
/// </summary>
public class AnyResLossLadderTests
{
    [Test]
    public void EveryRungKeepsAllNewlinesAndTheFullRungIsTheUnprunedLoss()
    {
        using var teacher = new TinyAnyResTeacher(LlavaConfig.LlavaNext, VisionConfig.Clip);
        var options = teacher.Options(TeacherOptions.GradientSignal, TeacherOptions.LossBudget);
        var samples = Manifest.Read(teacher.Data.Manifest);
        var items = samples.Take(2).Select((s, i) => new TeacherSignal.Item(i, teacher.Image(i), s.Question, s.Answer)).ToList();
        using var noGrad = no_grad();
        var model = teacher.Vlm.Model;
        var batch = TeacherBatch.Build(teacher.Vlm, items, options);
        VisionLayout layout = teacher.Layout;
        Assert.That(batch.PatchCount, Is.EqualTo(layout.PatchCount));

        var top = tensor(new long[] { 0, 5, 70, 3, 1, 79 }).view(2, 3);                              // patch order
        var slots = LossBudgetLadder.KeptSlots(batch, top);
        var patchTokens = layout.PatchTokens();
        Assert.That(slots[1].data<long>().ToArray(),
            Is.EquivalentTo(new[] { patchTokens[3], patchTokens[1], patchTokens[79] }.Concat(layout.NewlineTokens())));

        var embeds = batch.Embeds(model, batch.ImageTokens);
        var unpruned = batch.AnswerLoss(model, model.Forward(embeds, batch.Positions()).Hidden);
        var all = arange(layout.PatchCount).unsqueeze(0).expand(2, -1);
        var full = LossBudgetLadder.PrunedLoss(model, batch, embeds, all);
        Assert.That((full - unpruned).abs().max().item<float>(), Is.LessThan(1e-4f));
        var pruned = LossBudgetLadder.PrunedLoss(model, batch, embeds, top);
        Assert.That((pruned - unpruned).abs().max().item<float>(), Is.GreaterThan(1e-4f), "three patches are not the image");

        var budgets = LossBudgetLadder.Compute(model, batch, TeacherSignal.Distribution(model, batch, options), options);
        Assert.That(budgets.data<long>().ToArray(), Is.All.AnyOf(4L, 16L, (long)layout.PatchCount));
        foreach (var item in items) item.Pixels.Dispose();
    }
}

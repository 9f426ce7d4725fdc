using AsymVLM.Inference.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Runs the frozen VLM over a batch (full vision, teacher-forced answer) and turns its behaviour into the
/// importance head's targets: a distribution over vision tokens (<see cref="TeacherOptions.Signal"/>: direct
/// attention, attention rollout or input gradient) and a budget (<see cref="TeacherOptions.BudgetTarget"/>:
/// a mass threshold on that distribution, or the loss ladder).
/// </summary>
public sealed class TeacherSignal(Vlm teacher, TeacherOptions options)
{
    public sealed record Item(long Index, Tensor Pixels, string Question, string Answer); // Pixels [3, H, W]

    public TeacherTargets Compute(IReadOnlyList<Item> items)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = teacher.Model;
        var batch = TeacherBatch.Build(teacher, items, options);
        int layers = model.Decoder.LayerCount;
        var teacherLayers = options.Layers.Select(l => l < 0 ? layers + l : l).ToHashSet();
        var distribution = options.Signal switch
        {
            TeacherOptions.RolloutSignal => AttentionRollout.Compute(model, batch, teacherLayers.Max()),
            TeacherOptions.GradientSignal => InputGradient.Compute(model, batch),
            _ => DirectAttention.Compute(model, batch, teacherLayers),
        };
        var budget = options.BudgetTarget == TeacherOptions.LossBudget
            ? LossBudgetLadder.Compute(model, batch, distribution, options)
            : TeacherTargets.BudgetFor(distribution, options.MassThreshold);

        var encoder = batch.EncoderAttention;
        // The cache lives on the host in fixed dtypes, whatever device and precision the teacher ran in.
        var targets = new TeacherTargets(
            tensor(items.Select(i => i.Index).ToArray()),
            distribution.to(float32).cpu().contiguous(),
            budget.cpu(),
            batch.ImageTokens.to(float16).cpu().contiguous(),
            batch.QuestionIds.cpu(),
            (encoder / encoder.sum([-1], keepdim: true)).to(float32).cpu().contiguous());
        return new TeacherTargets(targets.Indices.MoveToOuterDisposeScope(), targets.Distribution.MoveToOuterDisposeScope(),
            targets.Budget.MoveToOuterDisposeScope(), targets.VisionTokens.MoveToOuterDisposeScope(),
            targets.QuestionIds.MoveToOuterDisposeScope(), targets.EncoderAttention.MoveToOuterDisposeScope());
    }
}

using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Runs the frozen VLM over a batch (full vision, teacher-forced answer) and turns its behaviour into the
/// importance head's targets: a distribution over vision tokens (<see cref="TeacherOptions.Signal"/>: direct
/// attention, attention rollout or input gradient) and a budget (<see cref="TeacherOptions.BudgetTarget"/>:
/// a mass threshold on that distribution, or the loss ladder). On an AnyRes model the targets cover the patch slots
/// only: image_newline tokens are never scored and always kept, as the pipeline does.
/// </summary>
public sealed class TeacherSignal(Vlm teacher, TeacherOptions options)
{
    /// <param name="Pixels">one view [3, H, W], or an AnyRes model's views and layout (<see cref="ImageInput"/>)</param>
    public sealed record Item(long Index, ImagePixels Pixels, string Question, string Answer);

    public TeacherTargets Compute(IReadOnlyList<Item> items)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = teacher.Model;
        var batch = TeacherBatch.Build(teacher, items, options);
        var distribution = Distribution(model, batch, options);
        var budget = options.BudgetTarget == TeacherOptions.LossBudget
            ? LossBudgetLadder.Compute(model, batch, distribution, options)
            : TeacherTargets.BudgetFor(distribution, options.MassThreshold);

        // A SigLIP AnyRes teacher has no CLS attention to pack: its targets hold none ([B, 0]), and the baselines that need it are refused.
        var encoder = batch.EncoderAttention is { } e ? e / e.sum([-1], keepdim: true) : zeros([batch.Count, 0]);
        // The cache lives on the host in fixed dtypes, whatever device and precision the teacher ran in.
        var targets = new TeacherTargets(
            tensor(items.Select(i => i.Index).ToArray()),
            distribution.to(float32).cpu().contiguous(),
            budget.cpu(),
            batch.Patches(batch.ImageTokens).to(float16).cpu().contiguous(),
            batch.QuestionIds.cpu(),
            encoder.to(float32).cpu().contiguous());
        return new TeacherTargets(targets.Indices.MoveToOuterDisposeScope(), targets.Distribution.MoveToOuterDisposeScope(),
            targets.Budget.MoveToOuterDisposeScope(), targets.VisionTokens.MoveToOuterDisposeScope(),
            targets.QuestionIds.MoveToOuterDisposeScope(), targets.EncoderAttention.MoveToOuterDisposeScope());
    }

    /// <summary>The configured signal's distribution over the batch's patches [B, P], rows summing to 1.</summary>
    public static Tensor Distribution(LlavaModel model, TeacherBatch batch, TeacherOptions options)
    {
        int layers = model.Decoder.LayerCount;
        var teacherLayers = options.Layers.Select(l => l < 0 ? layers + l : l).ToHashSet();
        return options.Signal switch
        {
            TeacherOptions.RolloutSignal => AttentionRollout.Compute(model, batch, teacherLayers.Max()),
            TeacherOptions.GradientSignal => InputGradient.Compute(model, batch),
            _ => DirectAttention.Compute(model, batch, teacherLayers),
        };
    }
}

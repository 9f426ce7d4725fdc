using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>The head's inputs for rows of cached teacher targets: vision tokens and question embeddings from the frozen embedding table.</summary>
public static class HeadInputs
{
    public static (Tensor Vision, Tensor Question, Tensor Mask) For(TeacherTargets data, Tensor rows, LlavaModel teacher)
    {
        using var noGrad = no_grad();
        var ids = data.QuestionIds.index_select(0, rows);                          // [B, T], -1 = pad
        var mask = ids.ge(0);
        var question = teacher.EmbedTokens(ids.clamp_min(0));                      // [B, T, D]
        var vision = data.VisionTokens.index_select(0, rows).to(question.dtype);   // [B, N, D]
        return (vision, question, mask);
    }
}

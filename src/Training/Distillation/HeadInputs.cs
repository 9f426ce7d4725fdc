using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// The head's inputs for rows of cached teacher targets (host tensors): vision tokens and question embeddings from the
/// frozen embedding table, in float32 (the head trains in it) on the teacher's device. The vision tokens are the patches
/// only (an AnyRes model's newlines are not cached); pass the dataset's layout to the head with them.
/// </summary>
public static class HeadInputs
{
    public static (Tensor Vision, Tensor Question, Tensor Mask) For(TeacherTargets data, Tensor rows, LlavaModel teacher)
    {
        using var noGrad = no_grad();
        var device = teacher.Decoder.EmbedTokens.weight!.device;
        var ids = data.QuestionIds.index_select(0, rows).to(device);               // [B, T], -1 = pad
        var mask = ids.ge(0);
        var question = teacher.EmbedTokens(ids.clamp_min(0)).to(float32);          // [B, T, D]
        var vision = data.VisionTokens.index_select(0, rows).to(float32, device);  // [B, N, D]
        return (vision, question, mask);
    }
}

using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Teacher signal "gradient": |gradient × input| of the frozen model's teacher-forced answer loss with respect to
/// each vision token, summed over the hidden dimension. It credits every token whose content moves the answer,
/// wherever the model's attention happens to sit. Only the vision tokens are given a gradient: the model's
/// parameters stay frozen and get none.
/// </summary>
public static class InputGradient
{
    /// <returns>[B, P] over the patches, rows sum to 1</returns>
    public static Tensor Compute(LlavaModel model, TeacherBatch batch)
    {
        using var grad = enable_grad();
        var tokens = batch.ImageTokens.detach().requires_grad_(true);                // [B, N, D], the one leaf differentiated
        var hidden = model.Forward(batch.Embeds(model, tokens), batch.Positions()).Hidden;
        // Samples do not interact, so the gradient of the summed losses is each sample's own.
        var loss = batch.AnswerLoss(model, hidden).sum();
        var gradient = autograd.grad([loss], [tokens])[0];                           // [B, N, D]
        var saliency = batch.Patches((gradient * tokens).detach().to(float32).abs().sum([-1])); // [B, P]: newlines are not scored
        return saliency / saliency.sum([-1], keepdim: true).clamp_min(1e-30);
    }
}

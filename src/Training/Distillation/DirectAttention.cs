using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Text;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Teacher signal "attention": the attention the chosen layers pay (mean over heads and layers) from the query
/// positions to the vision tokens. It points at where the answer is read, not at what led there.
/// </summary>
public static class DirectAttention
{
    /// <returns>[B, P] over the patches, rows sum to 1</returns>
    public static Tensor Compute(LlavaModel model, TeacherBatch batch, IReadOnlySet<int> layers)
    {
        var capture = new AttentionCapture(layers, batch.QueryStart, batch.Length);
        var result = model.Forward(batch.Embeds(model, batch.ImageTokens), batch.Positions(), capture: capture);
        var attention = stack(result.Attention.Values.ToList()).mean([0]);             // [B, Q, L]
        return batch.VisionDistribution(attention);
    }
}

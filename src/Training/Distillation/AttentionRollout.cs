using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Text;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Teacher signal "rollout": attention flow (Abnar &amp; Zuidema 2020). Each layer's head-mean attention, with
/// the residual stream as half of it (0.5·A + 0.5·I, rows renormalized), multiplied from layer 0 up to the last
/// teacher layer, then read from the query rows to the vision tokens. Vision-to-vision attention is part of
/// the product, so a key cell that a value cell read at an early layer shares the credit when the answer
/// reads that value later.
/// </summary>
public static class AttentionRollout
{
    /// <returns>[B, P] over the patches, rows sum to 1</returns>
    public static Tensor Compute(LlavaModel model, TeacherBatch batch, int lastLayer)
    {
        var layers = Enumerable.Range(0, lastLayer + 1).ToHashSet();
        var capture = AttentionCapture.AllQueries(layers, batch.Length);
        var result = model.Forward(batch.Embeds(model, batch.ImageTokens), batch.Positions(), capture: capture);
        var flow = Of(layers.Order().Select(l => result.Attention[l]).ToList());        // [B, L, L]
        return batch.VisionDistribution(flow[.., batch.QueryStart..]);
    }

    /// <summary>The rollout of per-layer attention [B, L, L] (rows: queries), given first layer first: Â_last ⋯ Â_0.</summary>
    public static Tensor Of(IReadOnlyList<Tensor> attention)
    {
        Tensor? flow = null;
        foreach (var a in attention)
        {
            var withResidual = 0.5 * a.to(float32) + 0.5 * eye(a.shape[^1], device: a.device);   // [B, L, L]
            withResidual = withResidual / withResidual.sum([-1], keepdim: true);
            flow = flow is null ? withResidual : withResidual.matmul(flow);
        }
        return flow ?? throw new ArgumentException("Attention rollout needs at least one layer.", nameof(attention));
    }
}

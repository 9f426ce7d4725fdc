using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Budget target "loss": how many vision tokens the frozen model itself needs. For each rung k of a ladder it
/// runs teacher-forced on only the teacher's top-k vision tokens, kept at their original positions as the
/// pipeline prunes, and the sample's target is the smallest k whose mean answer-token loss is within ε of the
/// unpruned loss. Unlike a mass threshold, this says how much of the image the answer actually depends on.
/// On AnyRes the rungs count patches: every image_newline is kept with them, as the pipeline keeps them.
/// </summary>
public static class LossBudgetLadder
{
    /// <param name="ranking">[B, P] the teacher's distribution over the patches; its top-k patches are kept</param>
    /// <returns>[B] int64, in patches</returns>
    public static Tensor Compute(LlavaModel model, TeacherBatch batch, Tensor ranking, TeacherOptions options)
    {
        var rungs = Rungs(options.BudgetLadder, batch.PatchCount);
        var embeds = batch.Embeds(model, batch.ImageTokens);                            // [B, L, D]
        var order = ranking.argsort(-1, descending: true);                              // [B, P]
        var losses = stack(rungs.Select(k => PrunedLoss(model, batch, embeds, order[.., ..k])).ToList(), 1); // [B, K]
        return Choose(losses, rungs, options.LossTolerance);
    }

    /// <summary>The ladder's budgets below the token count, closed by the token count itself (the unpruned run).</summary>
    public static int[] Rungs(IReadOnlyList<int> ladder, int tokens) => ladder.Where(k => k < tokens).Append(tokens).ToArray();

    /// <summary>Per row, the smallest rung whose loss is within <paramref name="tolerance"/> of the last (unpruned) rung's.</summary>
    /// <param name="losses">[B, K] mean answer loss per rung, the last rung unpruned</param>
    public static Tensor Choose(Tensor losses, IReadOnlyList<int> rungs, double tolerance)
    {
        var within = (losses <= losses[.., ^1..] + tolerance).to(int64);               // [B, K]; the last rung always is
        var first = within.argmax(-1);                                                  // first maximum: the smallest such rung
        return tensor(rungs.Select(k => (long)k).ToArray(), device: losses.device).index_select(0, first);
    }

    /// <summary>Top patches [B, k] (patch order) as the image-token indices kept: the patches' slots and every newline.</summary>
    public static Tensor KeptSlots(TeacherBatch batch, Tensor topPatches)
    {
        if (batch.PatchSlots is not { } slots) return topPatches;
        var newlines = tensor(batch.Layout!.NewlineTokens(), device: topPatches.device).unsqueeze(0).expand(topPatches.shape[0], -1);
        return cat([slots.index_select(0, topPatches.flatten()).view_as(topPatches), newlines], 1);
    }

    /// <summary>Mean answer loss per sample [B] with only <paramref name="topPatches"/> [B, k] (patch order) and every newline kept, at their positions.</summary>
    /// <param name="embeds">[B, L, D] the unpruned input embeddings</param>
    public static Tensor PrunedLoss(LlavaModel model, TeacherBatch batch, Tensor embeds, Tensor topPatches)
    {
        var keep = KeptSlots(batch, topPatches);                                        // [B, k'] image-token indices
        long b = batch.Count, n = batch.ImageCount, start = batch.ImageStart, k = keep.shape[1];
        var device = embeds.device;
        var before = arange(start, device: device).unsqueeze(0).expand(b, -1);
        var after = arange(start + n, batch.Length, device: device).unsqueeze(0).expand(b, -1);
        // A slot's index in the unpruned sequence is also its original position.
        var slots = cat([before, keep.sort(-1).Values + start, after], 1);              // [B, L - N + k]
        var pruned = embeds.gather(1, slots.unsqueeze(-1).expand(-1, -1, embeds.shape[2]));
        var hidden = model.Forward(pruned, slots).Hidden;
        return batch.AnswerLoss(model, hidden, removed: n - k);
    }
}

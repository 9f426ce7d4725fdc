using AsymVLM.Inference.Scoring;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// KL(teacher || softmax(scores)) matches the whole distribution; a pairwise logistic ranking term makes
/// the teacher's top tokens outscore the rest (top-k selection only needs the order); the budget head
/// regresses log(k / N).
/// </summary>
public static class DistillationLoss
{
    public sealed record Terms(Tensor Total, Tensor Kl, Tensor Rank, Tensor Budget);

    public static Terms Compute(HeadOutput output, Tensor teacher, Tensor budget, LossOptions options, Generator rng)
    {
        var logQ = nn.functional.log_softmax(output.Scores, -1);                          // [B, N]
        var kl = (teacher * (teacher.clamp_min(1e-12).log() - logQ)).sum(-1).mean();

        long n = teacher.shape[1], top = Math.Min(options.RankTop, n - 1);
        var topIdx = teacher.topk((int)top, -1).indexes;                                   // [B, top]
        // Drawn on the host generator (a resumed run repeats it), then moved to the targets' device.
        var otherIdx = randint(0, n, [teacher.shape[0], top * 4], generator: rng).to(teacher.device); // [B, 4·top]
        var sTop = output.Scores.gather(1, topIdx).unsqueeze(2);                           // [B, top, 1]
        var sOther = output.Scores.gather(1, otherIdx).unsqueeze(1);                       // [B, 1, 4·top]
        var pTop = teacher.gather(1, topIdx).unsqueeze(2);
        var pOther = teacher.gather(1, otherIdx).unsqueeze(1);
        var ordered = (pTop > pOther).to(float32);                                          // only pairs the teacher orders
        var rank = (nn.functional.softplus(sOther - sTop) * ordered).sum() / ordered.sum().clamp_min(1);

        var target = (budget.to(float32) / n).log();
        var budgetLoss = nn.functional.mse_loss(output.LogKeepFraction, target);
        var total = kl + options.RankWeight * rank + options.BudgetWeight * budgetLoss;
        return new Terms(total, kl, rank, budgetLoss);
    }
}

using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// What the teacher pass produces per sample, batched: the teacher's distribution over vision tokens,
/// the budget target k (<see cref="TeacherOptions.BudgetTarget"/>), the inputs the head will see (vision tokens, question ids) and the
/// encoder's CLS attention (for the question-agnostic baseline). Row i is sample <c>Indices[i]</c>.
/// </summary>
public sealed record TeacherTargets(
    Tensor Indices,          // [n] int64, sample index in the dataset
    Tensor Distribution,     // [n, N] float32, rows sum to 1
    Tensor Budget,           // [n] int64, the budget target: smallest k with top-k mass >= τ, or the loss ladder's k
    Tensor VisionTokens,     // [n, N, D] float16, projected vision tokens
    Tensor QuestionIds,      // [n, T] int64, right-padded with -1
    Tensor EncoderAttention) // [n, N] float32; [n, 0] where the teacher had none (an AnyRes SigLIP tower: no CLS token)
{
    public const string IndicesName = "indices", DistributionName = "distribution", BudgetName = "budget",
        VisionTokensName = "vision_tokens", QuestionIdsName = "question_ids", EncoderAttentionName = "encoder_attention";

    public long Count => Indices.shape[0];

    /// <summary>Whether the encoder's CLS attention was cached for every patch (the baselines that rank by it need it).</summary>
    public bool HasEncoderAttention => EncoderAttention.shape[1] == Distribution.shape[1];

    public IEnumerable<KeyValuePair<string, Tensor>> Named() =>
    [
        new(IndicesName, Indices), new(DistributionName, Distribution), new(BudgetName, Budget),
        new(VisionTokensName, VisionTokens), new(QuestionIdsName, QuestionIds), new(EncoderAttentionName, EncoderAttention),
    ];

    /// <summary>Concatenates batches, padding question ids to the longest.</summary>
    public static TeacherTargets Concat(IReadOnlyList<TeacherTargets> parts)
    {
        long t = parts.Max(p => p.QuestionIds.shape[1]);
        var questions = parts.Select(p => nn.functional.pad(p.QuestionIds, [0, t - p.QuestionIds.shape[1]], value: -1)).ToList();
        return new TeacherTargets(cat(parts.Select(p => p.Indices).ToList(), 0), cat(parts.Select(p => p.Distribution).ToList(), 0),
            cat(parts.Select(p => p.Budget).ToList(), 0), cat(parts.Select(p => p.VisionTokens).ToList(), 0),
            cat(questions, 0), cat(parts.Select(p => p.EncoderAttention).ToList(), 0));
    }

    /// <summary>Smallest k per row such that the k largest entries sum to at least <paramref name="mass"/>.</summary>
    public static Tensor BudgetFor(Tensor distribution, double mass)
    {
        var (sorted, _) = distribution.sort(-1, descending: true);
        var covered = sorted.cumsum(-1) >= mass - 1e-6;   // [n, N], monotone
        return (covered.logical_not().sum(-1) + 1).clamp_max(distribution.shape[^1]);
    }
}

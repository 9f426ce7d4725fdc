using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// One teacher-pass batch, right-padded: [prompt (image placeholders, question) | teacher-forced answer], the
/// projected image tokens and where everything sits. Every signal and budget target reads the model through it.
/// </summary>
public sealed record TeacherBatch(
    IReadOnlyList<long[]> Rows, // per row: its unpadded token ids
    Tensor Ids,              // [B, L] int64
    Tensor ImageTokens,      // [B, N, D] projected vision tokens
    Tensor EncoderAttention, // [B, N] the encoder's CLS attention
    Tensor QuestionIds,      // [B, T] int64, right-padded with -1
    int ImageStart, int ImageCount, int QueryStart,
    long[] QueryEnds,        // per row: end of its query rows (question, or question and answer)
    long[] AnswerStarts,     // per row: first answer token (the prompt's length)
    long EosId)
{
    public long Count => Ids.shape[0];
    public long Length => Ids.shape[1];

    public static TeacherBatch Build(Vlm teacher, IReadOnlyList<TeacherSignal.Item> items, TeacherOptions options)
    {
        var model = teacher.Model;
        var prompts = items.Select(i => teacher.Format.Build(i.Question)).ToList();
        var first = prompts[0];
        if (prompts.Any(p => p.ImageStart != first.ImageStart || p.QuestionStart != first.QuestionStart))
            throw new InvalidOperationException("The prompt format must put the image and question at the same offsets for every sample.");

        var rows = prompts.Zip(items, (p, item) => options.NeedsAnswer
            ? p.Ids.Concat(teacher.Tokenizer.Encode(item.Answer).Select(t => (long)t)).ToArray()
            : p.Ids).ToList();
        int length = rows.Max(r => r.Length);
        var weights = model.Decoder.EmbedTokens.weight!;
        var ids = stack(rows.Select(r => tensor(r.Concat(Enumerable.Repeat((long)teacher.Tokenizer.PadId, length - r.Length)).ToArray())).ToList()).to(weights.device);
        var image = model.EncodeImage(stack(items.Select(i => i.Pixels).ToList()).to(weights.dtype, weights.device), wantEncoderAttention: true);

        int questionLength = prompts.Max(x => x.QuestionEnd - x.QuestionStart);
        var questionIds = stack(prompts.Select(p =>
        {
            var q = p.Ids[p.QuestionStart..p.QuestionEnd];
            return tensor(q.Concat(Enumerable.Repeat(-1L, questionLength - q.Length)).ToArray());
        }).ToList()).to(weights.device);
        bool answerQueries = options.Queries == "question_and_answer";
        return new TeacherBatch(rows, ids, image.Tokens, image.EncoderAttention!, questionIds, first.ImageStart, first.ImageCount, first.QuestionStart,
            rows.Zip(prompts, (r, p) => (long)(answerQueries ? r.Length : p.Length)).ToArray(),
            prompts.Select(p => (long)p.Length).ToArray(), teacher.Tokenizer.EosId);
    }

    /// <summary>The LM's input embeddings with the given image tokens [B, N, D] in the placeholders.</summary>
    public Tensor Embeds(LlavaModel model, Tensor imageTokens) => model.ScatterImageTokens(Ids, model.EmbedTokens(Ids), imageTokens, Rows.Sum(model.CountImagePlaceholders));

    /// <summary>Original positions 0..L-1 of every row.</summary>
    public Tensor Positions() => arange(Length, device: Ids.device).unsqueeze(0).expand(Count, -1);

    /// <summary>
    /// Mean teacher-forced answer-token loss per sample [B]: each answer token and the closing &lt;/s&gt;, predicted
    /// from the position before it. <paramref name="hidden"/> [B, S, D] may come from a sequence with
    /// <paramref name="removed"/> vision tokens taken out (every later position is then that much earlier).
    /// </summary>
    public Tensor AnswerLoss(LlavaModel model, Tensor hidden, long removed = 0)
    {
        long s = hidden.shape[1];
        var predicting = new List<long>();
        var targets = new List<long>();
        var owner = new List<long>();
        for (int b = 0; b < Rows.Count; b++)
            for (long t = AnswerStarts[b] - 1; t < Rows[b].Length; t++)
            {
                predicting.Add(b * s + t - removed);
                targets.Add(t + 1 < Rows[b].Length ? Rows[b][t + 1] : EosId);
                owner.Add(b);
            }
        var device = hidden.device;
        var states = hidden.reshape(-1, hidden.shape[2]).index_select(0, tensor(predicting.ToArray(), device: device)); // [M, D]
        var perToken = nn.functional.cross_entropy(model.Logits(states).to(float32), tensor(targets.ToArray(), device: device),
            reduction: nn.Reduction.None);                                                          // [M]
        var ownerIds = tensor(owner.ToArray(), device: device);
        var sums = zeros(Count, device: device).index_add(0, ownerIds, perToken, 1);                // [B]
        var counts = zeros(Count, device: device).index_add(0, ownerIds, ones(owner.Count, device: device), 1);
        return sums / counts;
    }

    /// <summary>
    /// Attention-like rows [B, Q, L] from the query slots [QueryStart, L) to every key, summed over each row's real
    /// query rows (pads after a short row would otherwise add noise) and renormalized over the vision tokens: [B, N].
    /// </summary>
    public Tensor VisionDistribution(Tensor queryRows)
    {
        var toVision = queryRows[.., .., ImageStart..(ImageStart + ImageCount)];                  // [B, Q, N]
        var queryPos = arange(QueryStart, Length, device: queryRows.device).unsqueeze(0);         // [1, Q]
        var queryEnd = tensor(QueryEnds, device: queryRows.device).unsqueeze(1);                  // [B, 1]
        var valid = (queryPos < queryEnd).to(float32).unsqueeze(-1);                               // [B, Q, 1]
        var mass = (toVision * valid).sum([1]);                                                    // [B, N]
        return mass / mass.sum([-1], keepdim: true);
    }
}

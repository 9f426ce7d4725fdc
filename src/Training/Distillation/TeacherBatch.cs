using AsymVLM.Data.Images;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Selection;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// One teacher-pass batch, right-padded: [prompt (image placeholders, question) | teacher-forced answer], the
/// projected image tokens and where everything sits. Every signal and budget target reads the model through it.
/// An AnyRes (LLaVA-NeXT, OneVision) batch shares one <see cref="Layout"/>: its image tokens hold the image_newline
/// tokens, which are never scored (signals read the patch slots only, <see cref="PatchSlots"/>) and always kept.
/// </summary>
public sealed record TeacherBatch(
    IReadOnlyList<long[]> Rows, // per row: its unpadded token ids
    Tensor Ids,              // [B, L] int64
    Tensor ImageTokens,      // [B, N, D] projected vision tokens
    Tensor? EncoderAttention, // [B, N] the encoder's CLS attention; AnyRes: [B, P] in patch order, null on a tower without CLS (SigLIP)
    Tensor QuestionIds,      // [B, T] int64, right-padded with -1
    int ImageStart, int ImageCount, int QueryStart,
    long[] QueryEnds,        // per row: end of its query rows (question, or question and answer)
    long[] AnswerStarts,     // per row: first answer token (the prompt's length)
    long EosId,
    VisionLayout? Layout = null) // AnyRes: the batch's one layout; null: one view, every image token a patch
{
    public long Count => Ids.shape[0];
    public long Length => Ids.shape[1];

    public static TeacherBatch Build(Vlm teacher, IReadOnlyList<TeacherSignal.Item> items, TeacherOptions options)
    {
        var model = teacher.Model;
        var layout = LayoutOf(teacher, items);
        var prompts = items.Select(i => layout is null ? teacher.Format.Build(i.Question) : teacher.Format.Build(i.Question, layout.TokenCount)).ToList();
        var first = prompts[0];
        if (prompts.Any(p => p.ImageStart != first.ImageStart || p.QuestionStart != first.QuestionStart))
            throw new InvalidOperationException("The prompt format must put the image and question at the same offsets for every sample.");

        var rows = prompts.Zip(items, (p, item) => options.NeedsAnswer
            ? p.Ids.Concat(teacher.Tokenizer.Encode(item.Answer).Select(t => (long)t)).ToArray()
            : p.Ids).ToList();
        int length = rows.Max(r => r.Length);
        var weights = model.Decoder.EmbedTokens.weight!;
        var ids = stack(rows.Select(r => tensor(r.Concat(Enumerable.Repeat((long)teacher.Tokenizer.PadId, length - r.Length)).ToArray())).ToList()).to(weights.device);
        var image = layout is null
            ? model.EncodeImage(stack(items.Select(i => i.Pixels.Pixels).ToList()).to(weights.dtype, weights.device), wantEncoderAttention: true)
            : EncodeAnyRes(model, items, weights);

        int questionLength = prompts.Max(x => x.QuestionEnd - x.QuestionStart);
        var questionIds = stack(prompts.Select(p =>
        {
            var q = p.Ids[p.QuestionStart..p.QuestionEnd];
            return tensor(q.Concat(Enumerable.Repeat(-1L, questionLength - q.Length)).ToArray());
        }).ToList()).to(weights.device);
        bool answerQueries = options.Queries == "question_and_answer";
        return new TeacherBatch(rows, ids, image.Tokens, image.EncoderAttention, questionIds, first.ImageStart, first.ImageCount, first.QuestionStart,
            rows.Zip(prompts, (r, p) => (long)(answerQueries ? r.Length : p.Length)).ToArray(),
            prompts.Select(p => (long)p.Length).ToArray(), teacher.Tokenizer.EosId, layout);
    }

    /// <summary>
    /// Each image's views, packed: tokens [B, N, D] and, on a tower with a CLS token (CLIP), each view's CLS attention
    /// packed in patch order [B, P] (<see cref="LlavaModel.EncodeAnyRes(Tensor, AnyResLayout, bool)"/>) for the
    /// <c>cls-attention</c> baseline. A SigLIP tower has no CLS token, so no attention to pack: null.
    /// </summary>
    static ImageEncoding EncodeAnyRes(LlavaModel model, IReadOnlyList<TeacherSignal.Item> items, Tensor weights)
    {
        bool cls = model.Config.Vision.HasClsToken;
        var encoded = items.Select(i => model.EncodeAnyRes(i.Pixels.Pixels.to(weights.dtype, weights.device), i.Pixels.AnyRes!, cls)).ToList();
        return new ImageEncoding(cat(encoded.Select(e => e.Tokens).ToList(), 0), cls ? cat(encoded.Select(e => e.EncoderAttention!).ToList(), 0) : null);
    }

    /// <summary>
    /// The batch's AnyRes layout (null for a one-view model), checked against the model: every image must be prepared
    /// for it (<see cref="ImageInput"/>) and give the same layout, since the batch and the cache are rectangular.
    /// </summary>
    static VisionLayout? LayoutOf(Vlm teacher, IReadOnlyList<TeacherSignal.Item> items)
    {
        var config = teacher.Model.Config;
        if (!config.IsAnyRes)
        {
            foreach (var item in items) item.Pixels.SingleView($"The teacher pass on a {config.ModelType} model");
            return null;
        }
        var first = items[0].Pixels.AnyRes ?? throw new ArgumentException(
            $"The teacher pass on a {config.ModelType} model takes each image's AnyRes views and layout (ImageInput makes them); sample {items[0].Index} has none.");
        foreach (var item in items)
        {
            if (item.Pixels.AnyRes is not { } anyRes || anyRes != first)
                throw new ArgumentException($"The teacher pass takes one AnyRes layout per batch: sample {item.Index} has {Describe(item.Pixels.AnyRes)}, sample {items[0].Index} has {Describe(first)}.");
            var expected = teacher.Model.AnyResLayout(anyRes.ImageHeight, anyRes.ImageWidth);
            if (anyRes != expected)
                throw new ArgumentException($"Sample {item.Index}'s AnyRes layout ({Describe(anyRes)}) is not the model's ({Describe(expected)}).");
        }
        return VisionLayout.AnyRes(first);
    }

    /// <summary>An image's AnyRes layout in words: its size and the views' patch grids (null: one view).</summary>
    public static string Describe(AnyResLayout? layout) => layout is null ? "one view"
        : $"{layout.ImageHeight} x {layout.ImageWidth} image, views {VisionLayout.AnyRes(layout)}";

    /// <summary>Patches per sample: what the signals score and the head sees (the image tokens less the newlines).</summary>
    public int PatchCount => Layout?.PatchCount ?? ImageCount;

    /// <summary>[P] int64 on the batch's device: each patch's image-token index (patch order); null for one view, where every image token is a patch.</summary>
    public Tensor? PatchSlots => Layout is null ? null : tensor(Layout.PatchTokens(), device: Ids.device);

    /// <summary>Per-image-token values [B, N] or rows [B, N, D] -> those of the patches [B, P(, D)] (unchanged for one view).</summary>
    public Tensor Patches(Tensor imageRows) => PatchSlots is { } slots ? imageRows.index_select(1, slots) : imageRows;

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
    /// query rows (pads after a short row would otherwise add noise) and renormalized over the patches: [B, P].
    /// </summary>
    public Tensor VisionDistribution(Tensor queryRows)
    {
        var toVision = queryRows[.., .., ImageStart..(ImageStart + ImageCount)];                  // [B, Q, N]
        if (PatchSlots is { } slots) toVision = toVision.index_select(2, slots);                   // [B, Q, P]
        var queryPos = arange(QueryStart, Length, device: queryRows.device).unsqueeze(0);         // [1, Q]
        var queryEnd = tensor(QueryEnds, device: queryRows.device).unsqueeze(1);                  // [B, 1]
        var valid = (queryPos < queryEnd).to(float32).unsqueeze(-1);                               // [B, Q, 1]
        var mass = (toVision * valid).sum([1]);                                                    // [B, N]
        return mass / mass.sum([-1], keepdim: true);
    }
}

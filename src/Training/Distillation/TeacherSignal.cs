using AsymVLM.Inference.Model.Text;
using AsymVLM.Inference.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Runs the frozen VLM once over a batch (full vision, teacher-forced answer) and turns the attention
/// its chosen layers pay from the question (and answer) positions to the vision tokens into a
/// distribution over vision tokens: the importance head's target.
/// </summary>
public sealed class TeacherSignal(Vlm teacher, TeacherOptions options)
{
    public sealed record Item(long Index, Tensor Pixels, string Question, string Answer); // Pixels [3, H, W]

    public TeacherTargets Compute(IReadOnlyList<Item> items)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = teacher.Model;
        var prompts = items.Select(i => teacher.Format.Build(i.Question)).ToList();
        var first = prompts[0];
        if (prompts.Any(p => p.ImageStart != first.ImageStart || p.QuestionStart != first.QuestionStart))
            throw new InvalidOperationException("The prompt format must put the image and question at the same offsets for every sample.");

        bool withAnswer = options.Queries == "question_and_answer";
        var rows = prompts.Zip(items, (p, item) => withAnswer
            ? p.Ids.Concat(teacher.Tokenizer.Encode(item.Answer).Select(t => (long)t)).ToArray()
            : p.Ids).ToList();
        int length = rows.Max(r => r.Length);
        var ids = stack(rows.Select(r => tensor(r.Concat(Enumerable.Repeat((long)teacher.Tokenizer.PadId, length - r.Length)).ToArray())).ToList());

        var image = model.EncodeImage(stack(items.Select(i => i.Pixels).ToList()), wantEncoderAttention: true);
        var embeds = model.ScatterImageTokens(ids, model.EmbedTokens(ids), image.Tokens);
        var positions = arange(length).unsqueeze(0).expand(items.Count, -1);
        int layers = model.Decoder.LayerCount;
        var capture = new AttentionCapture(options.Layers.Select(l => l < 0 ? layers + l : l).ToHashSet(), first.QuestionStart, length);
        var result = model.Forward(embeds, positions, capture: capture);

        int n = first.ImageCount;
        var attention = stack(result.Attention.Values.ToList()).mean([0]);             // [B, Q, L]
        var toVision = attention[.., .., first.ImageStart..(first.ImageStart + n)];       // [B, Q, N]
        // Only real query rows count: pads after a short row would otherwise add noise.
        var queryPos = arange(first.QuestionStart, length).unsqueeze(0);                 // [1, Q]
        var rowLength = tensor(rows.Select(r => (long)r.Length).ToArray()).unsqueeze(1); // [B, 1]
        var valid = (queryPos < rowLength).to(float32).unsqueeze(-1);                     // [B, Q, 1]
        var mass = (toVision * valid).sum([1]);                                           // [B, N]
        var distribution = mass / mass.sum([-1], keepdim: true);

        var questionIds = stack(prompts.Select(p =>
        {
            var q = p.Ids[p.QuestionStart..p.QuestionEnd];
            return tensor(q.Concat(Enumerable.Repeat(-1L, prompts.Max(x => x.QuestionEnd - x.QuestionStart) - q.Length)).ToArray());
        }).ToList());
        var encoder = image.EncoderAttention!;
        var targets = new TeacherTargets(
            tensor(items.Select(i => i.Index).ToArray()),
            distribution.contiguous(),
            TeacherTargets.BudgetFor(distribution, options.MassThreshold),
            image.Tokens.to(float16).contiguous(),
            questionIds,
            (encoder / encoder.sum([-1], keepdim: true)).contiguous());
        return new TeacherTargets(targets.Indices.MoveToOuterDisposeScope(), targets.Distribution.MoveToOuterDisposeScope(),
            targets.Budget.MoveToOuterDisposeScope(), targets.VisionTokens.MoveToOuterDisposeScope(),
            targets.QuestionIds.MoveToOuterDisposeScope(), targets.EncoderAttention.MoveToOuterDisposeScope());
    }
}

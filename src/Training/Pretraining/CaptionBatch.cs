using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Images;
using AsymVLM.Data.Prompting;
using AsymVLM.Data.Tokenization;
using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// A right-padded batch for next-token training on answers: the prompt (image + question) is context,
/// only the answer and the closing &lt;/s&gt; are predicted.
/// </summary>
public sealed record CaptionBatch(Tensor Pixels, Tensor Ids, Tensor Targets)
{
    public const long Ignore = -100;

    public static CaptionBatch From(IReadOnlyList<RenderedSample> samples, ITokenizer tokenizer, IPromptFormat format,
        ClipImageProcessor images)
    {
        var rows = samples.Select(s =>
        {
            var prompt = format.Build(s.Sample.Question).Ids;
            var answer = tokenizer.Encode(s.Sample.Answer).Select(i => (long)i).Append(tokenizer.EosId).ToArray();
            return (Ids: prompt.Concat(answer).ToArray(), PromptLength: prompt.Length);
        }).ToList();
        int length = rows.Max(r => r.Ids.Length);
        var ids = new long[rows.Count * length];
        var targets = new long[rows.Count * length];
        Array.Fill(ids, tokenizer.PadId);
        Array.Fill(targets, Ignore);
        for (int b = 0; b < rows.Count; b++)
        {
            var (row, promptLength) = rows[b];
            Array.Copy(row, 0, ids, b * length, row.Length);
            // Position t predicts token t+1: targets are the answer tokens, shifted left by one.
            for (int t = promptLength - 1; t < row.Length - 1; t++) targets[b * length + t] = row[t + 1];
        }
        // A materialized list: TorchSharp's stack reads handles, so the tensors must stay referenced during the call.
        var perImage = samples.Select(s => images.Preprocess(s.Rgb, s.Width, s.Height).ToTensor()).ToList();
        var pixels = stack(perImage);
        foreach (var t in perImage) t.Dispose();
        return new CaptionBatch(pixels, tensor(ids).view(rows.Count, length), tensor(targets).view(rows.Count, length));
    }

    /// <summary>
    /// Cross-entropy averaged over each sample's answer tokens, then over samples: a 16-character
    /// transcription counts as much as a one-word answer instead of drowning it.
    /// </summary>
    public static Tensor PerSampleLoss(Tensor logits, Tensor targets) // logits [B, L, V], targets [B, L]
    {
        var perToken = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.view(-1),
            ignore_index: Ignore, reduction: nn.Reduction.None).view(targets.shape);  // [B, L]
        var counted = targets.ne(Ignore).to(perToken.dtype);
        return ((perToken * counted).sum(1) / counted.sum(1).clamp_min(1)).mean();
    }
}

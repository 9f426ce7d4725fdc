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
        var pixels = stack(samples.Select(s => images.Preprocess(s.Rgb, s.Width, s.Height).ToTensor()));
        return new CaptionBatch(pixels, tensor(ids).view(rows.Count, length), tensor(targets).view(rows.Count, length));
    }
}

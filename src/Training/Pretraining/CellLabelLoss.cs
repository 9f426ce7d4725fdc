using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Tokenization;
using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// Dense supervision for the vision side: every projected image token is classified against the LM's
/// token embeddings (cosine similarity), and the target is the text of what its cell depicts: the glyph's
/// character, the words "COLOR KIND" of a shape (an even mix of the two), "bar", or a space where blank.
/// A single answer per image is too sparse a signal for a VLM trained from scratch on 2 cores (the first
/// reference runs never learned to look at the image); 256 labels per image put each glyph's token next
/// to its character's embedding, so the LM can match question text against image text.
/// </summary>
public sealed class CellLabelLoss(BenchmarkTokenizer tokenizer)
{
    // Cosine logits span [-Scale, Scale]: wide enough for a confident softmax over the ~100-token vocabulary.
    const double Scale = 16.0;

    readonly Dictionary<string, int[]> idsByLabel = new();

    /// <summary>Soft targets [B, N, V] over the vocabulary for the samples' cells.</summary>
    public Tensor Targets(IReadOnlyList<RenderedSample> samples, int vocabSize)
    {
        // Two (id, weight 0.5) slots per cell, scattered into a dense tensor (a one-token label fills both with its
        // id): small managed arrays, where a dense float[] per step would land on the large-object heap.
        int cells = samples[0].CellLabels.Count;
        var ids = new long[samples.Count * cells * 2];
        var weights = new float[ids.Length];
        for (int b = 0; b < samples.Count; b++)
            for (int c = 0; c < cells; c++)
            {
                var label = IdsOf(samples[b].CellLabels[c]);
                int at = (b * cells + c) * 2;
                for (int k = 0; k < 2; k++)
                {
                    ids[at + k] = label[k % label.Length];
                    weights[at + k] = 0.5f;
                }
            }
        return zeros(samples.Count, cells, vocabSize)
            .scatter_add_(-1, tensor(ids).view(samples.Count, cells, 2), tensor(weights).view(samples.Count, cells, 2));
    }

    /// <summary>Mean cross-entropy of image tokens [B, N, D] against the targets, with embeddings [V, D] as classes.</summary>
    public static Tensor Loss(Tensor imageTokens, Tensor embeddings, Tensor targets)
    {
        var similarity = nn.functional.normalize(imageTokens, dim: -1)
            .matmul(nn.functional.normalize(embeddings, dim: -1).t()) * Scale;                 // [B, N, V]
        return -(targets * nn.functional.log_softmax(similarity, -1)).sum(-1).mean();
    }

    // Words get their leading-space form (" red"), the form the question uses; single characters stand alone.
    int[] IdsOf(string? label) =>
        idsByLabel.TryGetValue(label ?? "", out var ids) ? ids : idsByLabel[label ?? ""] = Encode(label);

    int[] Encode(string? label)
    {
        var text = label is null ? " " : label.Length == 1 ? label : " " + label;
        var ids = tokenizer.Encode(text).ToArray();
        if (ids.Length is 0 or > 2 || ids.Contains(tokenizer.UnkId))
            throw new InvalidOperationException($"Cell label '{label}' is not one or two tokens of the tokenizer's vocabulary.");
        return ids;
    }
}

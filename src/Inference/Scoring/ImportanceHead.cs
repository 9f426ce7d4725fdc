using TorchSharp.Modules;
using AsymVLM.Inference.Selection;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Scoring;

/// <summary>
/// AsymVLM's query-aware vision importance head. Inputs exist before prefill: projected vision tokens
/// [B, N, D] and the question's token embeddings [B, T, D] (LM embedding table, no LM layers).
/// Each vision token cross-attends to the question; a small depthwise-separable conv stack over the
/// patch grid spreads evidence to neighbours (a value sits next to its key); a linear layer scores
/// each token, and a budget head predicts log(k / N), the fraction of tokens the sample needs.
/// </summary>
public sealed class ImportanceHead : nn.Module
{
    readonly LayerNorm vision_norm, question_norm;
    readonly Linear vision_proj, question_key, question_value;
    readonly Conv2d local_dw, local_pw, row_dw, row_pw;
    readonly Linear score, budget_hidden, budget_out;
    readonly ImportanceHeadConfig config;

    public ImportanceHead(ImportanceHeadConfig c) : base(nameof(ImportanceHead))
    {
        config = c;
        int w = c.Width;
        vision_norm = nn.LayerNorm(c.InputSize);
        question_norm = nn.LayerNorm(c.InputSize);
        vision_proj = nn.Linear(c.InputSize, w);
        question_key = nn.Linear(c.InputSize, w);
        question_value = nn.Linear(c.InputSize, w);
        // Channels: token features, question context, their product, and the match strength.
        local_dw = nn.Conv2d(3 * w + 1, 3 * w + 1, 3, padding: 1, groups: 3 * w + 1);
        local_pw = nn.Conv2d(3 * w + 1, w, 1);
        row_dw = nn.Conv2d(w, w, (1, c.RowKernel), padding: (0, c.RowKernel / 2), groups: w);
        row_pw = nn.Conv2d(w, w, 1);
        score = nn.Linear(w, 1);
        budget_hidden = nn.Linear(2 * w, w);
        budget_out = nn.Linear(w, 1);
        RegisterComponents();
    }

    public ImportanceHeadConfig Config => config;

    /// <param name="questionMask">[B, T] true on real question tokens (batches pad questions)</param>
    /// <param name="layout">where the N patch tokens lie (every row of the batch alike); null: the one grid the head was distilled on.
    /// The convolutions run over each view's own grid, so no evidence spreads from one view into another.</param>
    public HeadOutput Forward(Tensor vision, Tensor question, Tensor questionMask, VisionLayout? layout = null)
    {
        layout ??= VisionLayout.Grid(config.GridHeight, config.GridWidth);
        var first = layout.Views[0];
        // The base view (the only one for LLaVA) is the tower's grid; a head distilled on another grid would score it from
        // neighbourhoods it never saw.
        if (first.Rows != config.GridHeight || first.Columns != config.GridWidth)
            throw new ArgumentException(
                $"This importance head was distilled on a {config.GridHeight} x {config.GridWidth} grid; the input's first view is {first.Rows} x {first.Columns} (layout {layout}).", nameof(layout));
        if (vision.shape[1] != layout.PatchCount)
            throw new ArgumentException($"{vision.shape[1]} vision tokens for a layout of {layout.PatchCount} patches ({layout}).", nameof(vision));
        var v = vision_proj.forward(vision_norm.forward(vision));                 // [B, N, w]
        var qn = question_norm.forward(question);
        var k = question_key.forward(qn);                                         // [B, T, w]
        var qv = question_value.forward(qn);
        var logits = v.matmul(k.transpose(1, 2)) / Math.Sqrt(config.Width);       // [B, N, T]
        logits = logits.masked_fill(questionMask.logical_not().unsqueeze(1), float.NegativeInfinity);
        var context = nn.functional.softmax(logits, -1).matmul(qv);               // [B, N, w]
        var match = logits.amax([-1], keepdim: true);                             // [B, N, 1]
        var features = cat([v, context, v * context, match], -1);                 // [B, N, 3w+1]

        var tokens = layout.Views.Count == 1
            ? Convolve(features, first.Rows, first.Columns)
            : cat(layout.Views.Select((view, i) =>
                Convolve(features.narrow(1, layout.PatchOffset(i), view.Patches), view.Rows, view.Columns)).ToList(), 1); // [B, N, w]
        var scores = score.forward(tokens).squeeze(-1);                           // [B, N]

        var pooled = cat([tokens.mean([1]), tokens.amax([1])], -1);               // [B, 2w]
        var logFraction = budget_out.forward(nn.functional.gelu(budget_hidden.forward(pooled))).squeeze(-1); // [B]
        return new HeadOutput(scores, logFraction.clamp_max(0));
    }

    /// <summary>The local and row convolutions over one view's features [B, rows * columns, C] -> [B, rows * columns, w].</summary>
    Tensor Convolve(Tensor features, int rows, int columns)
    {
        var grid = features.transpose(1, 2).reshape(features.shape[0], -1, rows, columns); // [B, C, H, W]
        var h = nn.functional.gelu(local_pw.forward(local_dw.forward(grid)));
        h = h + nn.functional.gelu(row_pw.forward(row_dw.forward(h)));            // [B, w, H, W]
        return h.flatten(2).transpose(1, 2);
    }

    /// <summary>Multiply-accumulate FLOPs (×2) of one forward at N vision and T question tokens.</summary>
    public long Flops(int visionTokens, int questionTokens)
    {
        long d = config.InputSize, w = config.Width, n = visionTokens, t = questionTokens, c = 3 * w + 1;
        long projections = n * d * w + 2 * t * d * w;
        long crossAttention = 2 * n * t * w;
        long convs = n * (c * 9 + c * w + w * config.RowKernel + w * w);
        long heads = n * w + 2 * w * w + w;
        return 2 * (projections + crossAttention + convs + heads);
    }
}

/// <summary>Per-token importance logits [B, N] and the predicted log(k / N) [B].</summary>
public sealed record HeadOutput(Tensor Scores, Tensor LogKeepFraction);

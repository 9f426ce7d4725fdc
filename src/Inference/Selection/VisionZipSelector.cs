using TorchSharp;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Selection;

/// <summary>
/// VisionZip (Yang et al., arXiv 2412.04467). Dominant tokens: those the vision encoder's CLS token
/// attends to most, kept as they are. Contextual tokens: of the rest, evenly spaced targets; every other
/// remaining token joins its most cosine-similar target, and each target is replaced by its group's mean.
/// Differences from the reference code: similarity is taken on the projected tokens (it uses encoder
/// keys), and a target becomes the mean of its group including itself (it adds the others' mean to the
/// target), which keeps the merged token at the scale of the LM's input space.
/// </summary>
public sealed class VisionZipSelector : VisionSelector
{
    public const string MethodName = "visionzip";

    public override string Name => MethodName;

    /// <summary>
    /// Contextual tokens within a budget: VisionZip's LLaVA-1.5 settings spend 10 of every 64 kept tokens
    /// on them (54 + 10, 108 + 20, 162 + 30).
    /// </summary>
    public static int ContextualCount(int keep) => keep * 10 / 64;

    protected override TokenSelection SelectTokens(SelectionInput input, int keep)
    {
        var clsAttention = input.EncoderAttention ?? throw new ArgumentException(
            $"Vision selector '{Name}' needs SelectionInput.EncoderAttention (the vision encoder's CLS attention per patch); it is null.",
            nameof(input));
        using var scope = NewDisposeScope();
        var tokens = input.VisionTokens;
        var device = tokens.device;
        int contextualCount = ContextualCount(keep);

        var dominant = clsAttention.topk(keep - contextualCount).indexes;            // [keep - c]
        if (contextualCount == 0)
            return new TokenSelection(dominant.sort().Values.cpu().data<long>().ToArray(), null);

        var isRest = ones(input.TokenCount, ScalarType.Bool, device);
        isRest.index_fill_(0, dominant, false);
        var rest = isRest.nonzero().squeeze(1);                                       // [M], ascending
        long restCount = rest.shape[0];
        long stride = Math.Max(1, restCount / contextualCount);
        var targetLocal = arange(0, restCount, stride, ScalarType.Int64, device)[..contextualCount]; // [c]
        var isMergedLocal = ones(restCount, ScalarType.Bool, device);
        isMergedLocal.index_fill_(0, targetLocal, false);
        var mergedLocal = isMergedLocal.nonzero().squeeze(1);                         // [M - c]

        var restTokens = tokens.index_select(0, rest).to_type(ScalarType.Float32);   // [M, d]
        var targetTokens = restTokens.index_select(0, targetLocal);                   // [c, d]
        var mergedTokens = restTokens.index_select(0, mergedLocal);                   // [M - c, d]
        var assignment = TokenCosine.Between(mergedTokens, targetTokens).argmax(1);   // [M - c]
        // Each group starts as its target alone; every merged token adds itself to its target's group.
        var groupSums = targetTokens.index_add(0, assignment, mergedTokens, alpha: 1); // [c, d]
        var memberOnes = ones(mergedLocal.shape[0], ScalarType.Float32, device);      // [M - c]
        var groupSizes = ones(contextualCount, ScalarType.Float32, device)
            .index_add(0, assignment, memberOnes, alpha: 1);                          // [c]
        var contextual = (groupSums / groupSizes.unsqueeze(1)).to_type(tokens.dtype); // [c, d]

        var kept = cat([dominant, rest.index_select(0, targetLocal)], 0);            // [keep]
        var keptTokens = cat([tokens.index_select(0, dominant), contextual], 0);      // [keep, d]
        var (sortedKept, order) = kept.sort();
        var replacements = keptTokens.index_select(0, order).MoveToOuterDisposeScope();
        return new TokenSelection(sortedKept.cpu().data<long>().ToArray(), replacements);
    }
}

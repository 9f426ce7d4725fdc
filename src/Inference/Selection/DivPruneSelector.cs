using TorchSharp;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Selection;

/// <summary>
/// DivPrune (Alvar et al., CVPR 2025): keeps a maximally diverse subset by greedy max-min selection on
/// cosine distance. It starts, as the reference code does, from the most isolated token (the one whose
/// nearest neighbour is farthest), then repeatedly adds the token farthest from everything kept so far.
/// </summary>
public sealed class DivPruneSelector : VisionSelector
{
    public const string MethodName = "divprune";

    public override string Name => MethodName;

    protected override TokenSelection SelectTokens(SelectionInput input, int keep)
    {
        using var scope = NewDisposeScope();
        var tokens = input.VisionTokens;
        var distance = 1 - TokenCosine.Between(tokens, tokens);                     // [N, N]
        // Per column the smallest distance is the token to itself; the second smallest is its nearest neighbour.
        long first = input.TokenCount == 1
            ? 0
            : distance.topk(2, dim: 0, largest: false).values[1].argmax().item<long>();

        var kept = new long[keep];
        kept[0] = first;
        var distanceToKept = distance[first].clone();                                // [N]
        // Kept tokens sit at -inf so that ties and duplicate tokens can never pick one twice.
        distanceToKept[first] = float.NegativeInfinity;
        for (int i = 1; i < keep; i++)
        {
            long next = distanceToKept.argmax().item<long>();
            kept[i] = next;
            distanceToKept = minimum(distanceToKept, distance[next]);
            distanceToKept[next] = float.NegativeInfinity;
        }
        Array.Sort(kept);
        return new TokenSelection(kept, null);
    }
}

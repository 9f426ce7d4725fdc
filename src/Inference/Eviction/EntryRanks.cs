using static TorchSharp.torch;

namespace AsymVLM.Inference.Eviction;

/// <summary>
/// Ranks of a step's text entries computed on the device by pairwise comparison ([N, N], N = budget + a few, so cheap):
/// what a host policy would get from sorting, without reading anything back.
/// </summary>
internal static class EntryRanks
{
    /// <summary>[N] int64: for each slot, how many live slots hold an older entry (its index in position order).</summary>
    public static Tensor ByPosition(Tensor live, Tensor positions)
    {
        var older = positions.unsqueeze(0) < positions.unsqueeze(1); // [i, j]: entry j is older than entry i
        return (older & live.unsqueeze(0)).sum([1]);
    }

    /// <summary>
    /// [N] int64: for each slot, how many slots of <paramref name="among"/> come before it when sorted by score, an equal
    /// score putting the older entry first (what a stable sort of the entries in position order gives).
    /// </summary>
    public static Tensor ByScore(Tensor among, Tensor scores, Tensor positions)
    {
        var (mine, theirs) = (scores.unsqueeze(1), scores.unsqueeze(0));
        var before = (theirs < mine) | ((theirs == mine) & (positions.unsqueeze(0) < positions.unsqueeze(1)));
        return (before & among.unsqueeze(0)).sum([1]);
    }
}

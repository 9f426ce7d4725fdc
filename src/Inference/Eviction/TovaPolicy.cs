using static TorchSharp.torch;

namespace AsymVLM.Inference.Eviction;

/// <summary>
/// TOVA (Oren et al., 2024): evicts the entries the newest query attends to least, judged on the current
/// step alone. TOVA drops one entry per step since decode adds one; any excess is handled the same way.
/// </summary>
public sealed class TovaPolicy : TextEvictionPolicy
{
    public const string MethodName = "tova";

    public override string Name => MethodName;

    protected override Tensor ChooseEvictions(TextEntries entries, Tensor count)
    {
        // Among equal weights the older entry goes first.
        var rank = EntryRanks.ByScore(entries.Live, entries.RequireAttention(Name), entries.Positions);
        return rank < count - entries.Budget;
    }
}

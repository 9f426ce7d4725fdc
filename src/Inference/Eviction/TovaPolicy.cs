namespace AsymVLM.Inference.Eviction;

/// <summary>
/// TOVA (Oren et al., 2024): evicts the entries the newest query attends to least, judged on the current
/// step alone. TOVA drops one entry per step since decode adds one; any excess is handled the same way.
/// </summary>
public sealed class TovaPolicy : TextEvictionPolicy
{
    public const string MethodName = "tova";

    public override string Name => MethodName;

    protected override IReadOnlyList<long> ChooseEvictions(EvictionStep step)
    {
        int excess = step.TextEntryIds.Count - step.Budget;
        // OrderBy is stable: among equal weights the older entry goes first.
        return Enumerable.Range(0, step.TextEntryIds.Count)
            .OrderBy(i => step.Attention[i])
            .Take(excess)
            .Select(i => step.TextEntryIds[i])
            .ToArray();
    }
}

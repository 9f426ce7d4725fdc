namespace AsymVLM.Inference.Eviction;

/// <summary>The full-cache reference: never evicts, whatever the budget.</summary>
public sealed class NoEvictionPolicy : TextEvictionPolicy
{
    public const string MethodName = "none";

    public override string Name => MethodName;

    protected override bool EnforcesBudget => false;

    protected override IReadOnlyList<long> ChooseEvictions(EvictionStep step) => [];
}

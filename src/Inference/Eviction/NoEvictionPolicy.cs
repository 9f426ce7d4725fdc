using static TorchSharp.torch;

namespace AsymVLM.Inference.Eviction;

/// <summary>The full-cache reference: never evicts, whatever the budget.</summary>
public sealed class NoEvictionPolicy : TextEvictionPolicy
{
    public const string MethodName = "none";

    public override string Name => MethodName;

    // Keeps by position alone.
    public override bool ReadsAttention => false;

    protected override Tensor ChooseEvictions(TextEntries entries, Tensor count) => zeros_like(entries.Live);
}

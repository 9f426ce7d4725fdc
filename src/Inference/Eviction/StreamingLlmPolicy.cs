using static TorchSharp.torch;

namespace AsymVLM.Inference.Eviction;

/// <summary>
/// StreamingLLM (Xiao et al., 2023): keeps the first <c>sinks</c> entries (attention sinks) and the most
/// recent Budget - sinks. Sinks never take the whole budget: at least the newest entry stays.
/// </summary>
public sealed class StreamingLlmPolicy : TextEvictionPolicy
{
    public const string MethodName = "streamingllm";
    public const int DefaultSinks = 4;

    private readonly int _sinks;

    public StreamingLlmPolicy(int sinks = DefaultSinks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sinks);
        _sinks = sinks;
    }

    public override string Name => MethodName;

    // Keeps by position alone.
    public override bool ReadsAttention => false;

    protected override Tensor ChooseEvictions(TextEntries entries, Tensor count)
    {
        int sinks = Math.Min(_sinks, entries.Budget - 1);
        // Everything between the sinks and the newest Budget - sinks entries goes.
        var rank = EntryRanks.ByPosition(entries.Live, entries.Positions);
        return (rank >= sinks) & (rank < count + (sinks - entries.Budget));
    }
}

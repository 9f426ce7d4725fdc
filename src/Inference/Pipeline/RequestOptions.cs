using AsymVLM.Inference.Eviction;
using AsymVLM.Inference.Generation;

namespace AsymVLM.Inference.Pipeline;

/// <summary>One request's pruning and decoding settings.</summary>
public sealed record RequestOptions
{
    public string Selector { get; init; } = "none";
    public VisionBudget Budget { get; init; } = VisionBudget.All;
    public string TextPolicy { get; init; } = "none";
    /// <summary>Most text KV entries kept during decode; 0 = unbounded.</summary>
    public int TextBudget { get; init; }
    public TextEvictionOptions TextPolicyOptions { get; init; } = TextEvictionOptions.Defaults;
    public GenerationOptions Generation { get; init; } = new();
    /// <summary>Text that ends the answer where it first appears; it is not part of the answer.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];
    /// <summary>Renumber positions contiguously after pruning instead of keeping the original ones.</summary>
    public bool CompactPositions { get; init; }
    /// <summary>FastV's K: layers that see every token before it prunes.</summary>
    public int FastVLayer { get; init; } = 2;
    public int Seed { get; init; }
    /// <summary>Evaluation only: the vision tokens of the ground-truth answer regions in patch order (newlines excluded; <see cref="Evaluation.AnswerRegionTokens"/>), for the oracle selector.</summary>
    public IReadOnlyList<long>? AnswerTokens { get; init; }

    /// <summary>Throws naming the setting at fault; every request is checked before any work.</summary>
    public void Validate()
    {
        Budget.Validate();
        Generation.Validate();
        TextPolicyOptions.Validate();
        if (TextBudget < 0) throw new ArgumentOutOfRangeException(nameof(TextBudget), TextBudget, "text budget must be >= 0 (0 = unbounded)");
        if (StopSequences.Any(string.IsNullOrEmpty)) throw new ArgumentException("A stop sequence must not be empty.", nameof(StopSequences));
        if (FastVLayer < 0) throw new ArgumentOutOfRangeException(nameof(FastVLayer), FastVLayer, "FastV's layer must be >= 0");
    }
}

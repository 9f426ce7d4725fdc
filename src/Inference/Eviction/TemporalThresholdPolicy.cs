using static TorchSharp.torch;

namespace AsymVLM.Inference.Eviction;

/// <summary>
/// AsymVLM's text eviction rule. Each entry carries a decayed attention score s &lt;- decay * s + attention
/// (a new entry starts at its first attention), so an entry is judged on how much it has been used lately.
/// Nothing is evicted while the text entries fit the budget. Once they exceed it, the first <c>sinks</c>
/// entries and the newest <c>recent</c> are protected, and every other entry whose score is under
/// threshold * (mean score of those unprotected entries) is evicted: it holds a small share of the recent
/// attention mass, and clearing all such entries at once leaves headroom, so evictions come in occasional
/// batches rather than every step. If that is not enough, the lowest-scoring unprotected entries go until
/// the budget holds. When sinks + recent exceed the budget, the recent window keeps its share first.
/// </summary>
public sealed class TemporalThresholdPolicy : TextEvictionPolicy
{
    public const string MethodName = "asym";
    // Chosen on validation reading questions (README): the reference VLM's answer reads back its question, which eight
    // sinks hold whole (four did for the model shipped before), and a recent window only crowds out the entries the
    // answer still reads from.
    public const int DefaultSinks = 8;
    public const int DefaultRecent = 0;
    public const float DefaultDecay = 0.9f;
    public const float DefaultThreshold = 0.5f;

    private readonly int _sinks;
    private readonly int _recent;
    private readonly float _decay;
    private readonly float _threshold;
    private readonly RunningScores _scores = new();

    public TemporalThresholdPolicy(
        int sinks = DefaultSinks, int recent = DefaultRecent, float decay = DefaultDecay, float threshold = DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sinks);
        ArgumentOutOfRangeException.ThrowIfNegative(recent);
        if (!(decay >= 0 && decay <= 1))
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "Temporal threshold: decay must be in [0, 1].");
        if (!(threshold >= 0 && float.IsFinite(threshold)))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Temporal threshold: threshold must be a finite value >= 0.");
        (_sinks, _recent, _decay, _threshold) = (sinks, recent, decay, threshold);
    }

    public override string Name => MethodName;

    protected override void Observe(TextEntries entries) =>
        _scores.Update(entries.RequireAttention(Name), (score, attention) => score.mul_(_decay).add_(attention));

    protected override void Forget(Tensor evicted) => _scores.Forget(evicted);

    protected override Tensor ChooseEvictions(TextEntries entries, Tensor count)
    {
        int recent = Math.Min(_recent, entries.Budget);
        int sinks = Math.Min(_sinks, entries.Budget - recent);
        var scores = _scores.Scores;
        var order = EntryRanks.ByPosition(entries.Live, entries.Positions);
        // Over the budget there is a candidate: count > Budget >= sinks + recent.
        var candidates = entries.Live & (order >= sinks) & (order < count - recent);
        var mean = (scores * candidates).sum() / candidates.sum().clamp_min(1);
        // The entries under the cutoff are the lowest-scoring ones; the fallback takes the lowest until the budget holds
        // (the older first among equal scores).
        var rank = EntryRanks.ByScore(candidates, scores, entries.Positions);
        return candidates & ((scores < _threshold * mean) | (rank < count - entries.Budget));
    }

    public override void Dispose() => _scores.Dispose();
}

using static TorchSharp.torch;

namespace AsymVLM.Inference.Eviction;

/// <summary>
/// H2O (Zhang et al., 2023): scores each entry by the attention it has received, summed over steps; keeps
/// the <c>recent</c> newest entries (default Budget / 2) and fills the rest of the budget with the
/// highest-scoring older entries ("heavy hitters").
/// </summary>
public sealed class H2OPolicy : TextEvictionPolicy
{
    public const string MethodName = "h2o";

    private readonly int? _recent;
    private readonly RunningScores _accumulated = new();

    /// <param name="recent">Newest entries always kept; null means half the budget.</param>
    public H2OPolicy(int? recent = null)
    {
        if (recent < 0)
            throw new ArgumentOutOfRangeException(nameof(recent), recent, "H2O: the recent window cannot be negative.");
        _recent = recent;
    }

    public override string Name => MethodName;

    protected override void Observe(TextEntries entries) =>
        _accumulated.Update(entries.RequireAttention(Name), (sum, attention) => sum.add_(attention));

    protected override void Forget(Tensor evicted) => _accumulated.Forget(evicted);

    protected override Tensor ChooseEvictions(TextEntries entries, Tensor count)
    {
        int recent = Math.Min(_recent ?? entries.Budget / 2, entries.Budget);
        // The older entries compete for the Budget - recent heavy-hitter slots; the excess goes, the older first among
        // equal scores.
        var older = entries.Live & (EntryRanks.ByPosition(entries.Live, entries.Positions) < count - recent);
        var rank = EntryRanks.ByScore(older, _accumulated.Scores, entries.Positions);
        return older & (rank < count - entries.Budget);
    }

    public override void Dispose() => _accumulated.Dispose();
}

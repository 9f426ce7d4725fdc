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

    protected override void Observe(EvictionStep step) => _accumulated.Update(step, (sum, attention) => sum + attention);

    protected override IReadOnlyList<long> ChooseEvictions(EvictionStep step)
    {
        int count = step.TextEntryIds.Count;
        int recent = Math.Min(_recent ?? step.Budget / 2, step.Budget);
        // The older entries compete for the Budget - recent heavy-hitter slots; the excess goes.
        // OrderBy is stable: among equal scores the older entry goes first.
        return step.TextEntryIds.Take(count - recent)
            .OrderBy(id => _accumulated[id])
            .Take(count - step.Budget)
            .ToArray();
    }
}

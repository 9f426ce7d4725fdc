namespace AsymVLM.Inference.Eviction;

/// <summary>
/// Base for text eviction policies. Enforces the contract shared by all of them: the step is well formed;
/// nothing is evicted while the entries fit the budget or the budget is unbounded; the evictions are a
/// distinct subset of the step's ids and leave at most Budget entries. Subclasses hold only their rule.
/// </summary>
public abstract class TextEvictionPolicy : ITextEvictionPolicy
{
    public abstract string Name { get; }

    public virtual bool ReadsAttention => true;

    public IReadOnlyList<long> SelectEvictions(EvictionStep step)
    {
        CheckStep(step);
        Observe(step);
        if (step.IsUnbounded || step.TextEntryIds.Count <= step.Budget)
            return [];

        var evictions = ChooseEvictions(step);
        CheckEvictions(evictions, step);
        return evictions;
    }

    /// <summary>Updates per-entry state from the step's attention; runs every step, over budget or not.</summary>
    protected virtual void Observe(EvictionStep step)
    {
    }

    /// <summary>Called only when a bounded budget is exceeded; must leave at most Budget entries.</summary>
    protected abstract IReadOnlyList<long> ChooseEvictions(EvictionStep step);

    /// <summary>Whether evictions must bring the entries within budget; false only for the full-cache reference.</summary>
    protected virtual bool EnforcesBudget => true;

    private void CheckStep(EvictionStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(step.TextEntryIds);
        ArgumentNullException.ThrowIfNull(step.Attention);
        if (step.Attention.Length != step.TextEntryIds.Count)
            throw new ArgumentException(
                $"Eviction policy '{Name}', step {step.Step}: {step.Attention.Length} attention weights for {step.TextEntryIds.Count} text entries.",
                nameof(step));
        var seen = new HashSet<long>();
        for (int i = 0; i < step.TextEntryIds.Count; i++)
        {
            if (!seen.Add(step.TextEntryIds[i]))
                throw new ArgumentException(
                    $"Eviction policy '{Name}', step {step.Step}: text entry id {step.TextEntryIds[i]} is listed twice.", nameof(step));
            if (!float.IsFinite(step.Attention[i]) || step.Attention[i] < 0)
                throw new ArgumentException(
                    $"Eviction policy '{Name}', step {step.Step}: attention {step.Attention[i]} for entry {step.TextEntryIds[i]} is not a finite non-negative weight.",
                    nameof(step));
        }
    }

    private void CheckEvictions(IReadOnlyList<long> evictions, EvictionStep step)
    {
        var cached = step.TextEntryIds.ToHashSet();
        var evicted = new HashSet<long>();
        foreach (long id in evictions)
        {
            if (!cached.Contains(id))
                throw new InvalidOperationException($"Eviction policy '{Name}', step {step.Step}: evicts id {id}, which is not cached.");
            if (!evicted.Add(id))
                throw new InvalidOperationException($"Eviction policy '{Name}', step {step.Step}: evicts id {id} twice.");
        }
        int left = cached.Count - evicted.Count;
        if (EnforcesBudget && left > step.Budget)
            throw new InvalidOperationException(
                $"Eviction policy '{Name}', step {step.Step}: leaves {left} text entries, over the budget of {step.Budget}.");
    }
}

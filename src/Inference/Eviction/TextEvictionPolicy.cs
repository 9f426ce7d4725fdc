using static TorchSharp.torch;

namespace AsymVLM.Inference.Eviction;

/// <summary>
/// Base for text eviction policies. Enforces the contract shared by all of them, on the device: nothing is evicted while
/// the live entries fit the budget or the budget is unbounded, and only live slots are. Subclasses hold only their rule,
/// written so that it evicts exactly down to the budget or past it.
/// </summary>
public abstract class TextEvictionPolicy : ITextEvictionPolicy
{
    public abstract string Name { get; }

    public virtual bool ReadsAttention => true;

    public Tensor SelectEvictions(TextEntries entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var scope = NewDisposeScope();
        Observe(entries);
        if (entries.IsUnbounded || !entries.MayExceedBudget)
            return zeros_like(entries.Live).MoveToOuterDisposeScope();
        var count = entries.Live.sum(); // a device scalar: no host count, no branch on it
        var evict = ChooseEvictions(entries, count) & entries.Live & (count > entries.Budget);
        Forget(evict);
        return evict.MoveToOuterDisposeScope();
    }

    /// <summary>Clears the state of the slots whose entries leave ([N] bool), so the slots start over when reused.</summary>
    protected virtual void Forget(Tensor evicted)
    {
    }

    /// <summary>Updates per-slot state from the step's attention; runs every step, over budget or not.</summary>
    protected virtual void Observe(TextEntries entries)
    {
    }

    /// <summary>
    /// The slots to evict were the live <paramref name="count"/> (a device scalar) over the budget; the base masks the
    /// answer to live slots and to steps over the budget. Must leave at most Budget live entries.
    /// </summary>
    protected abstract Tensor ChooseEvictions(TextEntries entries, Tensor count);

    /// <summary>Frees the per-entry state a policy carries between steps.</summary>
    public virtual void Dispose()
    {
    }
}

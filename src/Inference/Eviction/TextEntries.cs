using static TorchSharp.torch;

namespace AsymVLM.Inference.Eviction;

/// <summary>
/// What a text eviction policy sees after one decode step: tensors on the model's device over the slots of a bounded
/// decode's text entries (<see cref="Model.Cache.TextSlots"/>). Vision entries are never among them. Slots are reused as
/// entries leave, so slot order is not position order; the policy orders by <see cref="Positions"/>.
/// </summary>
/// <param name="Live">[N] bool: the slot holds a cached text entry.</param>
/// <param name="Positions">[N] int64: each live slot's original position (dead slots hold anything).</param>
/// <param name="Attention">
/// [N] float32: the attention the newest query paid to each slot's entry (mean over heads and layers); null for a policy
/// that keeps by position alone.
/// </param>
/// <param name="Budget">Most text entries to keep; &lt;= 0 or int.MaxValue means unbounded.</param>
/// <param name="MayExceedBudget">
/// False when the host knows the live entries fit the budget (fewer entries were ever written): the policy then only
/// updates its state, and the decision's work is skipped.
/// </param>
public sealed record TextEntries(Tensor Live, Tensor Positions, Tensor? Attention, int Budget, bool MayExceedBudget = true)
{
    public bool IsUnbounded => Budget <= 0 || Budget == int.MaxValue;

    /// <summary>The step's attention; a policy that reads it is always handed it.</summary>
    public Tensor RequireAttention(string policy) => Attention ??
        throw new ArgumentException($"Eviction policy '{policy}' reads attention, but the step carries none.", nameof(Attention));
}

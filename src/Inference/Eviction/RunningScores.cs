using static TorchSharp.torch;

namespace AsymVLM.Inference.Eviction;

/// <summary>
/// Per-slot scores carried across decode steps, on the device. A slot's score is zero until its entry arrives (a dead
/// slot is handed zero attention) and again once the entry leaves (<see cref="Forget"/>), so carrying a new entry's
/// zero gives its first attention exactly (decay * 0 + a = a) and no step needs to know which slots are new.
/// </summary>
public sealed class RunningScores : IDisposable
{
    Tensor? scores;

    /// <summary>The scores after the last <see cref="Update"/> ([N]).</summary>
    public Tensor Scores => scores ?? throw new InvalidOperationException("No step has been scored yet.");

    /// <summary>Replaces the scores by <paramref name="carry"/>(scores, attention), in place where it can.</summary>
    public void Update(Tensor attention, Func<Tensor, Tensor, Tensor> carry)
    {
        scores ??= zeros_like(attention).DetachFromDisposeScope();
        var updated = carry(scores, attention);
        if (ReferenceEquals(updated, scores)) return;
        scores.Dispose();
        scores = updated.DetachFromDisposeScope();
    }

    /// <summary>Zeroes the scores of the slots whose entries leave ([N] bool).</summary>
    public void Forget(Tensor evicted) => scores?.masked_fill_(evicted, 0);

    public void Dispose() => scores?.Dispose();
}

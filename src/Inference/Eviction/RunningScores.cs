using static TorchSharp.torch;

namespace AsymVLM.Inference.Eviction;

/// <summary>
/// Per-slot scores carried across decode steps, on the device: an entry new to its slot starts at its attention, one
/// already there at <c>carry</c>(previous score, attention). A dead slot's score is never read.
/// </summary>
public sealed class RunningScores : IDisposable
{
    Tensor? scores;

    /// <summary>The scores after the last <see cref="Update"/> ([N]).</summary>
    public Tensor Scores => scores ?? throw new InvalidOperationException("No step has been scored yet.");

    public void Update(Tensor attention, Tensor added, Func<Tensor, Tensor, Tensor> carry)
    {
        // where(added, attention, carried) in arithmetic, which every backend implements (the meta device included): one
        // term is zero, so the sum is exact.
        var fresh = added.to(attention.dtype);
        var updated = scores is null ? attention.clone() : carry(scores, attention) * (1 - fresh) + attention * fresh;
        scores?.Dispose();
        scores = updated.DetachFromDisposeScope();
    }

    public void Dispose() => scores?.Dispose();
}

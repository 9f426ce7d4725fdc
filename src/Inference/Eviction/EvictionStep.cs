namespace AsymVLM.Inference.Eviction;

/// <summary>What a text eviction policy sees after one decode step.</summary>
/// <param name="Step">Decode step, from 0.</param>
/// <param name="TextEntryIds">Stable ids of the cached text entries, in position order (vision entries are never listed).</param>
/// <param name="Attention">
/// Attention the newest query paid to each text entry (mean over heads and layers), aligned with
/// <paramref name="TextEntryIds"/>; sums to at most 1 since vision entries take the rest.
/// </param>
/// <param name="Budget">Most text entries to keep; &lt;= 0 or int.MaxValue means unbounded.</param>
public sealed record EvictionStep(int Step, IReadOnlyList<long> TextEntryIds, float[] Attention, int Budget)
{
    public bool IsUnbounded => Budget <= 0 || Budget == int.MaxValue;
}

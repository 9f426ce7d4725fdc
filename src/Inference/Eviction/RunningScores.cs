namespace AsymVLM.Inference.Eviction;

/// <summary>
/// Per-entry scores carried across decode steps, keyed by entry id. Each update keeps only the step's
/// ids, so evicted entries drop out on their own.
/// </summary>
public sealed class RunningScores
{
    private Dictionary<long, float> _scores = [];

    /// <summary>
    /// A new entry's score is its attention; a known entry's is <paramref name="carry"/>(previous score, attention).
    /// </summary>
    public void Update(EvictionStep step, Func<float, float, float> carry)
    {
        var updated = new Dictionary<long, float>(step.TextEntryIds.Count);
        for (int i = 0; i < step.TextEntryIds.Count; i++)
        {
            long id = step.TextEntryIds[i];
            float attention = step.Attention[i];
            updated[id] = _scores.TryGetValue(id, out float previous) ? carry(previous, attention) : attention;
        }
        _scores = updated;
    }

    public float this[long id] => _scores[id];
}

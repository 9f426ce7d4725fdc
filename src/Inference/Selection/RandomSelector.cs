namespace AsymVLM.Inference.Selection;

/// <summary>
/// Keeps a uniformly random subset. Seeded: two selectors built with the same seed return the same
/// sequence of selections for the same sequence of calls.
/// </summary>
public sealed class RandomSelector(int seed) : VisionSelector
{
    public const string MethodName = "random";

    private readonly Random _random = new(seed);

    public override string Name => MethodName;

    protected override TokenSelection SelectTokens(SelectionInput input, int keep)
    {
        var positions = new long[input.TokenCount];
        for (int i = 0; i < positions.Length; i++)
            positions[i] = i;
        _random.Shuffle(positions);
        var kept = positions[..keep];
        Array.Sort(kept);
        return new TokenSelection(kept, null);
    }
}

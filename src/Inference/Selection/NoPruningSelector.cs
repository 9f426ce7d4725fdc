namespace AsymVLM.Inference.Selection;

/// <summary>The unpruned reference: keeps every vision token whatever the budget.</summary>
public sealed class NoPruningSelector : VisionSelector
{
    public const string MethodName = "none";

    public override string Name => MethodName;

    protected override int KeptCount(int tokenCount, int keep) => tokenCount;

    protected override TokenSelection SelectTokens(SelectionInput input, int keep)
    {
        var all = new long[input.TokenCount];
        for (int i = 0; i < all.Length; i++)
            all[i] = i;
        return new TokenSelection(all, null);
    }
}

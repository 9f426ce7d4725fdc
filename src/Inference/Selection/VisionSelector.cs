namespace AsymVLM.Inference.Selection;

/// <summary>
/// Base for vision selectors: checks the input and the budget before the algorithm runs and the
/// selection after it, so that each subclass holds only its algorithm.
/// </summary>
public abstract class VisionSelector : IVisionSelector
{
    public abstract string Name { get; }

    public TokenSelection Select(SelectionInput input, int keep)
    {
        CheckInput(input);
        int tokenCount = input.TokenCount;
        if (keep < 1 || keep > tokenCount)
            throw new ArgumentOutOfRangeException(nameof(keep), keep,
                $"Vision selector '{Name}': keep must be in 1..{tokenCount} (the number of vision tokens), got {keep}.");

        var selection = SelectTokens(input, keep);
        CheckSelection(selection, input, KeptCount(tokenCount, keep));
        return selection;
    }

    /// <summary>The algorithm; called with a checked input and 1 &lt;= keep &lt;= N.</summary>
    protected abstract TokenSelection SelectTokens(SelectionInput input, int keep);

    /// <summary>How many tokens the selection must hold: the budget, unless the method ignores it.</summary>
    protected virtual int KeptCount(int tokenCount, int keep) => keep;

    private void CheckInput(SelectionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var tokens = input.VisionTokens;
        if (tokens.dim() != 2 || tokens.shape[0] < 1)
            throw new ArgumentException(
                $"Vision selector '{Name}': VisionTokens must be [N, d] with N >= 1, got {ShapeOf(tokens)}.",
                nameof(input));
        long width = tokens.shape[1];
        var question = input.QuestionEmbeddings;
        if (question.dim() != 2 || question.shape[1] != width)
            throw new ArgumentException(
                $"Vision selector '{Name}': QuestionEmbeddings must be [T, {width}] like the vision tokens, got {ShapeOf(question)}.",
                nameof(input));
        var attention = input.EncoderAttention;
        if (attention is not null && (attention.dim() != 1 || attention.shape[0] != tokens.shape[0]))
            throw new ArgumentException(
                $"Vision selector '{Name}': EncoderAttention must be [{tokens.shape[0]}] (one weight per vision token), got {ShapeOf(attention)}.",
                nameof(input));
    }

    private void CheckSelection(TokenSelection selection, SelectionInput input, int expectedCount)
    {
        var indices = selection.Indices;
        if (indices.Length != expectedCount)
            throw new InvalidOperationException(
                $"Vision selector '{Name}' returned {indices.Length} indices, expected {expectedCount}.");
        for (int i = 0; i < indices.Length; i++)
        {
            if (indices[i] < 0 || indices[i] >= input.TokenCount)
                throw new InvalidOperationException(
                    $"Vision selector '{Name}' returned index {indices[i]}, outside [0, {input.TokenCount}).");
            if (i > 0 && indices[i] <= indices[i - 1])
                throw new InvalidOperationException(
                    $"Vision selector '{Name}' returned indices that are not strictly ascending at position {i} ({indices[i - 1]}, {indices[i]}).");
        }

        var replacements = selection.Replacements;
        long width = input.VisionTokens.shape[1];
        bool replacementsFit = replacements is null
            || (replacements.dim() == 2 && replacements.shape[0] == indices.Length && replacements.shape[1] == width);
        if (!replacementsFit)
            throw new InvalidOperationException(
                $"Vision selector '{Name}' returned replacements of shape {ShapeOf(replacements!)}, expected [{indices.Length}, {width}].");
    }

    private static string ShapeOf(TorchSharp.torch.Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";
}

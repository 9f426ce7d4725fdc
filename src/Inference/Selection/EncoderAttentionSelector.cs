namespace AsymVLM.Inference.Selection;

/// <summary>
/// Keeps the patches the vision encoder's CLS token attends to most: the question-agnostic
/// "encoder attention" baseline (VisionZip's dominant tokens, without its merged contextual ones).
/// </summary>
public sealed class EncoderAttentionSelector : VisionSelector
{
    public const string MethodName = "cls-attention";

    public override string Name => MethodName;

    protected override TokenSelection SelectTokens(SelectionInput input, int keep)
    {
        var attention = input.EncoderAttention
            ?? throw new ArgumentException($"Vision selector '{Name}' needs the encoder's CLS attention.", nameof(input));
        return new TokenSelection(TopScores.Indices(attention.to(TorchSharp.torch.float32).data<float>().ToArray(), keep), null);
    }
}

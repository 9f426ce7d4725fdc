namespace AsymVLM.Inference.Scoring;

/// <summary>Shape of the importance head; saved in scorer.json so a checkpoint rebuilds its head.</summary>
public sealed record ImportanceHeadConfig
{
    /// <summary>The LM's hidden size (width of vision tokens and question embeddings).</summary>
    public int InputSize { get; init; }
    /// <summary>The head's internal width; small, since its FLOPs must stay a sliver of prefill.</summary>
    public int Width { get; init; } = 32;
    public int GridHeight { get; init; }
    public int GridWidth { get; init; }
    /// <summary>Horizontal reach of the row convolution, in tokens (text runs along rows).</summary>
    public int RowKernel { get; init; } = 9;
}

namespace AsymVLM.Inference.Model.Vision;

/// <summary>Which attention a vision encoder layer reports per token (<see cref="VisionFeatures.TokenAttention"/>).</summary>
public enum TokenAttentionKind
{
    None,
    /// <summary>The class token's attention to every token (CLIP).</summary>
    FromClsQuery,
    /// <summary>The attention every token receives, averaged over all queries (towers without a class token).</summary>
    MeanOverQueries,
}

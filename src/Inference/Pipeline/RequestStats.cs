namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// What a request cost. FLOPs are analytic (see FlopCounter); "prefill" is everything before the first
/// token (vision encoder, scorer, LM prefill), "decode" the cached steps after it. The unpruned figures
/// are the same request with every vision token and no eviction. Vision tokens are those that enter the LM (an AnyRes
/// image's newlines included); the budget counts the patches a selector keeps.
/// </summary>
public sealed record RequestStats(
    int VisionTokensKept, int VisionTokensTotal, int VisionBudget, int PrefillTokens, int GeneratedTokens,
    long PrefillFlops, long DecodeFlops, long ScorerFlops,
    long UnprunedPrefillFlops, long UnprunedDecodeFlops,
    double EncodeMs, double ScorerMs, double PrefillMs, double DecodeMs,
    long PeakKvEntries, long PeakKvBytes, int TextEntriesEvicted)
{
    public long TotalFlops => PrefillFlops + DecodeFlops;
    public long UnprunedTotalFlops => UnprunedPrefillFlops + UnprunedDecodeFlops;
    public double FlopsSaved => 1 - (double)TotalFlops / UnprunedTotalFlops;
}

/// <summary>
/// The answer, the generated ids, the kept vision tokens and the cost. Kept tokens are indices into the image tokens:
/// row-major over the patch grid (LLaVA), or over the base view, then the tile map with its rows' newlines, all of which
/// are kept (LLaVA-NeXT).
/// </summary>
public sealed record AskResult(string Answer, IReadOnlyList<int> Tokens, long[] KeptIndices, RequestStats Stats);

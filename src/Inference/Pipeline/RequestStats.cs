namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// What a request cost. FLOPs are analytic (see FlopCounter); "prefill" is everything before the first
/// token (vision encoder, scorer, LM prefill), "decode" the cached steps after it. The unpruned figures
/// are the same request with every vision token and no eviction.
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

/// <summary>The answer, the generated ids, the kept vision token indices (row-major over the patch grid) and the cost.</summary>
public sealed record AskResult(string Answer, IReadOnlyList<int> Tokens, long[] KeptIndices, RequestStats Stats);

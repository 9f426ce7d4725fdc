namespace AsymVLM.Inference.Pipeline;

/// <summary>What a decode's KV cache held, from <see cref="DecodeMonitor.Finish"/>.</summary>
/// <param name="PeakEntries">the most KV entries held at once, over layers</param>
/// <param name="PeakBytes">their bytes</param>
/// <param name="Evicted">text entries evicted</param>
public sealed record DecodeFootprint(long PeakEntries, long PeakBytes, int Evicted);

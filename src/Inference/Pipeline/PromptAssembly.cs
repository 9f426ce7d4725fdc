using static TorchSharp.torch;

namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// Builds the LM input after selection: [prefix | kept vision tokens | rest of the prompt], with the kept
/// tokens at their original positions (or all positions renumbered contiguously when compacting).
/// </summary>
public static class PromptAssembly
{
    /// <param name="text">[1, L, D] embeddings of the full prompt (placeholders included)</param>
    /// <param name="vision">[k, D] the kept (or merged) vision tokens, in the order of <paramref name="kept"/></param>
    /// <returns>the embeddings [1, L', D] and their L' positions (host values: the cache keys entries by them)</returns>
    public static (Tensor Embeds, long[] Positions) Build(Tensor text, Tensor vision, long[] kept, int imageStart, int imageCount, bool compact)
    {
        long length = text.shape[1];
        var embeds = cat([text[.., ..imageStart], vision.unsqueeze(0).to(text.dtype), text[.., (imageStart + imageCount)..]], 1);
        var original = Enumerable.Range(0, imageStart).Select(i => (long)i)
            .Concat(kept.Select(i => imageStart + i))
            .Concat(Enumerable.Range(imageStart + imageCount, (int)length - imageStart - imageCount).Select(i => (long)i)).ToArray();
        return (embeds, compact ? Enumerable.Range(0, original.Length).Select(i => (long)i).ToArray() : original);
    }
}

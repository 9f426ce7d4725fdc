using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;

namespace AsymVLM.Inference.Generation;

/// <summary>
/// Lets a policy watch decoding without the generator knowing about it (e.g. KV eviction): it may prepare the cache for
/// the decode, ask for attention at a step and act on the cache after the step.
/// </summary>
public interface IDecodeHook
{
    /// <summary>Called once before the first decode step, with the most steps the decode can take (an evicting hook binds the cache to its slots here).</summary>
    void BeginDecode(KvCache cache, int steps)
    {
    }

    /// <summary>Called before the step that appends the entry at <paramref name="position"/>; returns the attention it wants captured, if any.</summary>
    AttentionCapture? BeforeStep(int step, long position);

    void AfterStep(int step, DecoderResult result, KvCache cache);
}

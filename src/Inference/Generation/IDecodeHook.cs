using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;

namespace AsymVLM.Inference.Generation;

/// <summary>
/// Lets a policy watch decoding without the generator knowing about it (e.g. KV eviction):
/// it may ask for attention at a step and act on the cache after the step.
/// </summary>
public interface IDecodeHook
{
    AttentionCapture? CaptureFor(int step);
    void AfterStep(int step, DecoderResult result, KvCache cache);

    /// <summary>
    /// The most entries a layer of <paramref name="cache"/> can gain over <paramref name="steps"/> decode steps under this
    /// hook (at most <paramref name="steps"/>): an evicting hook bounds it by its budget, so the generator can reserve the
    /// buffers once instead of growing them while the live entries stay bounded.
    /// </summary>
    int MostAdded(KvCache cache, int steps) => steps;
}

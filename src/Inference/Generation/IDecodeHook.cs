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
}

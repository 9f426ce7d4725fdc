using TorchSharp;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Pipeline;

/// <summary>
/// Where a CUDA device is visible to TorchSharp (a CUDA backend package and a GPU): a pruned, evicting request on the
/// GPU answers as on the CPU. The cache, the attention statistics and the eviction then run on device tensors, where any
/// host read of device data would throw. Inconclusive elsewhere (this machine's backend is the CPU one).
/// </summary>
public class CudaSmokeTests
{
    [Test]
    public void APrunedEvictingRequestOnTheGpuAnswersAsOnTheCpu()
    {
        Assume.That(cuda.is_available(), Is.True, "no CUDA device is visible to TorchSharp");
        var vlm = TinyVlm.Create(seed: 4);
        var options = new RequestOptions
        {
            Selector = "uniform", Budget = VisionBudget.OfRatio(0.5), TextPolicy = "asym", TextBudget = 4,
            Generation = new GenerationOptions { MaxNewTokens = 12 },
        };
        var pixels = TinyVlm.Pixels(4);
        var onCpu = new AsymPipeline(vlm).Ask(pixels, "read line 1", options);
        vlm.Model.to(CUDA); // float32 on the GPU: the same arithmetic up to rounding, so greedy tokens should agree
        var onGpu = new AsymPipeline(vlm).Ask(pixels, "read line 1", options);
        Assert.That(onGpu.Tokens, Is.EqualTo(onCpu.Tokens));
        Assert.That(onGpu.Stats.PeakKvBytes, Is.EqualTo(onCpu.Stats.PeakKvBytes));
    }
}

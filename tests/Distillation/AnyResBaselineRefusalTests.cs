using AsymVLM.Inference.Selection;
using AsymVLM.Training.Distillation;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Distillation;

/// <summary>
/// Teacher targets without encoder attention ([n, 0], an AnyRes teacher on a SigLIP tower): a baseline that ranks by it
/// is refused by name, and the question-agnostic baselines that do not need it still run.
/// </summary>
public class AnyResBaselineRefusalTests
{
    [Test]
    public void ACLSAttentionBaselineIsRefusedByNameTheOthersRun()
    {
        var targets = TinyTargets.Create(3, seed: 1) with { EncoderAttention = zeros([3, 0]) };
        var layout = VisionLayout.Grid(4, 4);
        foreach (var selector in new IVisionSelector[] { new EncoderAttentionSelector(), new VisionZipSelector() })
            Assert.That(() => HeadEvaluation.BaselineRecall(targets, selector, layout),
                Throws.InstanceOf<NotSupportedException>().With.Message.Contains($"'{selector.Name}'").And.Message.Contains("CLS attention"));
        foreach (var selector in new IVisionSelector[] { new RandomSelector(0), new UniformGridSelector() })
            Assert.That(HeadEvaluation.BaselineRecall(targets, selector, layout).Values, Is.All.InRange(0.0, 1.0));
    }
}

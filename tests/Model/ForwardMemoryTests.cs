using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Model;

/// <summary>
/// A forward frees each layer's intermediates as the layer ends: the tensors it leaves alive do not grow with depth.
/// Holding them until the caller's scope ended cost a LLaVA-1.5-geometry model 1.3 GB of resident memory per image.
/// </summary>
public class ForwardMemoryTests
{
    static long TensorsLeftAlive(int layers, Func<LlavaModel, Tensor> forward)
    {
        var config = TinyConfigs.Llava(featureLayer: -1);
        using var model = new LlavaModel(config with
        {
            Vision = config.Vision with { NumHiddenLayers = layers }, Text = config.Text with { NumHiddenLayers = layers },
        });
        using var noGrad = no_grad();
        // The scope's own count, not Tensor.TotalCount: finalizers of other tests' tensors move the process-wide count.
        using var scope = NewDisposeScope();
        forward(model);
        return scope.DisposablesCount;
    }

    static Tensor Encode(LlavaModel model) => model.EncodeImage(randn(1, 3, 32, 32), wantEncoderAttention: true).Tokens;

    static Tensor Decode(LlavaModel model) =>
        model.Forward(randn(1, 20, model.Config.Text.HiddenSize), arange(20).unsqueeze(0)).Hidden;

    [Test]
    public void TheVisionTowerLeavesAsManyTensorsAliveAtAnyDepth() =>
        Assert.That(TensorsLeftAlive(8, Encode), Is.EqualTo(TensorsLeftAlive(2, Encode)));

    [Test]
    public void TheDecoderLeavesAsManyTensorsAliveAtAnyDepth() =>
        Assert.That(TensorsLeftAlive(8, Decode), Is.EqualTo(TensorsLeftAlive(2, Decode)));
}

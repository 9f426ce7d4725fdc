using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model;

/// <summary>LLaVA's multi_modal_projector: linear_1, activation, linear_2.</summary>
public sealed class LlavaProjector : nn.Module<Tensor, Tensor>
{
    readonly Linear linear_1, linear_2;
    readonly string act;

    public LlavaProjector(LlavaConfig c) : base(nameof(LlavaProjector))
    {
        long input = (long)c.Vision.HiddenSize * c.VisionFeatureLayers.Length;
        linear_1 = nn.Linear(input, c.Text.HiddenSize, hasBias: c.ProjectorBias);
        linear_2 = nn.Linear(c.Text.HiddenSize, c.Text.HiddenSize, hasBias: c.ProjectorBias);
        act = c.ProjectorHiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor features) => linear_2.forward(Activations.Apply(act, linear_1.forward(features)));
}

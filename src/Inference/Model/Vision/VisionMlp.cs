using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>fc1, activation, fc2 (CLIP and SigLIP).</summary>
public sealed class VisionMlp : nn.Module<Tensor, Tensor>
{
    readonly Linear fc1, fc2;
    readonly string act;

    public VisionMlp(VisionConfig c) : base(nameof(VisionMlp))
    {
        fc1 = nn.Linear(c.HiddenSize, c.IntermediateSize);
        fc2 = nn.Linear(c.IntermediateSize, c.HiddenSize);
        act = c.HiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => fc2.forward(Activations.Apply(act, fc1.forward(x)));
}

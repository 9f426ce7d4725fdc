using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>HF's CLIPVisionModel: holds <c>vision_model</c> so parameter names match checkpoints.</summary>
public sealed class ClipVisionModel : nn.Module
{
    readonly ClipVisionTransformer vision_model;

    public ClipVisionModel(VisionConfig c) : base(nameof(ClipVisionModel))
    {
        vision_model = new ClipVisionTransformer(c);
        RegisterComponents();
    }

    public VisionFeatures Forward(Tensor pixels, IReadOnlyList<int> layers, bool wantClsAttention) =>
        vision_model.Forward(pixels, layers, wantClsAttention);
}


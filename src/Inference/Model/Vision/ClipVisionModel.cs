using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>HF's CLIPVisionModel: holds <c>vision_model</c> so parameter names match checkpoints.</summary>
public sealed class ClipVisionModel : VisionTower
{
    readonly ClipVisionTransformer vision_model;

    public ClipVisionModel(VisionConfig c) : base(nameof(ClipVisionModel))
    {
        vision_model = new ClipVisionTransformer(c);
        RegisterComponents();
    }

    public override VisionFeatures Forward(Tensor pixels, IReadOnlyList<int> layers, bool wantTokenAttention) =>
        vision_model.Forward(pixels, layers, wantTokenAttention);
}

using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>HF's SiglipVisionModel: holds <c>vision_model</c> so parameter names match checkpoints.</summary>
public sealed class SiglipVisionModel : VisionTower
{
    readonly SiglipVisionTransformer vision_model;

    public SiglipVisionModel(VisionConfig c) : base(nameof(SiglipVisionModel))
    {
        vision_model = new SiglipVisionTransformer(c);
        RegisterComponents();
    }

    public override VisionFeatures Forward(Tensor pixels, IReadOnlyList<int> layers, bool wantTokenAttention) =>
        vision_model.Forward(pixels, layers, wantTokenAttention);
}

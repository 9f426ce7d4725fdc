using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>Patch embedding (conv with bias) + learned absolute positions; no class token.</summary>
public sealed class SiglipVisionEmbeddings : nn.Module<Tensor, Tensor>
{
    readonly Conv2d patch_embedding;
    readonly Embedding position_embedding;

    public SiglipVisionEmbeddings(VisionConfig c) : base(nameof(SiglipVisionEmbeddings))
    {
        patch_embedding = nn.Conv2d(c.NumChannels, c.HiddenSize, c.PatchSize, stride: c.PatchSize, bias: true);
        position_embedding = nn.Embedding(c.NumPatches, c.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixels) => // [B, C, H, W] -> [B, N, D]
        patch_embedding.forward(pixels.to(patch_embedding.weight.dtype)).flatten(2).transpose(1, 2) + position_embedding.weight!;
}

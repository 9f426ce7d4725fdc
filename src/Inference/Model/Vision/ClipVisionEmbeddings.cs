using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>Patch embedding (conv, no bias) + a learned CLS token + learned absolute positions.</summary>
public sealed class ClipVisionEmbeddings : nn.Module<Tensor, Tensor>
{
    readonly Conv2d patch_embedding;
    readonly Parameter class_embedding;
    readonly Embedding position_embedding;

    public ClipVisionEmbeddings(VisionConfig c) : base(nameof(ClipVisionEmbeddings))
    {
        patch_embedding = nn.Conv2d(c.NumChannels, c.HiddenSize, c.PatchSize, stride: c.PatchSize, bias: false);
        class_embedding = nn.Parameter(randn(c.HiddenSize));
        position_embedding = nn.Embedding(c.NumPatches + 1, c.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixels) // [B, C, H, W]
    {
        long b = pixels.shape[0];
        var patches = patch_embedding.forward(pixels.to(patch_embedding.weight.dtype)) // [B, D, g, g]
            .flatten(2).transpose(1, 2);                                             // [B, N, D]
        var cls = class_embedding.expand(b, 1, -1);                                  // [B, 1, D]
        return cat([cls, patches], 1) + position_embedding.weight!;                  // [B, N+1, D]
    }
}

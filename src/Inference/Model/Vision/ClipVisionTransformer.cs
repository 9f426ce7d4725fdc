using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>Embeddings, pre-LayerNorm, encoder layers; post_layernorm is loaded but unused, as in LLaVA.</summary>
public sealed class ClipVisionTransformer : nn.Module
{
    readonly ClipVisionEmbeddings embeddings;
    readonly LayerNorm pre_layrnorm, post_layernorm;
    readonly VisionEncoder encoder;

    public ClipVisionTransformer(VisionConfig c) : base(nameof(ClipVisionTransformer))
    {
        embeddings = new ClipVisionEmbeddings(c);
        pre_layrnorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        encoder = new VisionEncoder(c);
        post_layernorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        RegisterComponents();
    }

    public VisionFeatures Forward(Tensor pixels, IReadOnlyList<int> layers, bool wantTokenAttention) =>
        encoder.Forward(pre_layrnorm.forward(embeddings.forward(pixels)), layers, wantTokenAttention);
}

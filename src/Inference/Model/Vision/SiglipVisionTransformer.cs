using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>
/// Embeddings and encoder layers, no pre-LayerNorm. LLaVA reads hidden states, which post_layernorm never touches, so
/// it is loaded but unused; the pooling head (<c>vision_use_head</c>) is not built at all.
/// </summary>
public sealed class SiglipVisionTransformer : nn.Module
{
    readonly SiglipVisionEmbeddings embeddings;
    readonly VisionEncoder encoder;
    readonly LayerNorm post_layernorm;

    public SiglipVisionTransformer(VisionConfig c) : base(nameof(SiglipVisionTransformer))
    {
        embeddings = new SiglipVisionEmbeddings(c);
        encoder = new VisionEncoder(c);
        post_layernorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        RegisterComponents();
    }

    public VisionFeatures Forward(Tensor pixels, IReadOnlyList<int> layers, bool wantTokenAttention) =>
        encoder.Forward(embeddings.forward(pixels), layers, wantTokenAttention);
}

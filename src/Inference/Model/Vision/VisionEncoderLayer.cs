using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>Pre-norm transformer block: x + attn(ln1(x)), then x + mlp(ln2(x)).</summary>
public sealed class VisionEncoderLayer : nn.Module
{
    readonly LayerNorm layer_norm1, layer_norm2;
    readonly VisionAttention self_attn;
    readonly VisionMlp mlp;

    public VisionEncoderLayer(VisionConfig c) : base(nameof(VisionEncoderLayer))
    {
        layer_norm1 = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        self_attn = new VisionAttention(c);
        layer_norm2 = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        mlp = new VisionMlp(c);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, TokenAttentionKind attentionKind, out Tensor? tokenAttention)
    {
        x = x + self_attn.Forward(layer_norm1.forward(x), attentionKind, out tokenAttention);
        return x + mlp.forward(layer_norm2.forward(x));
    }
}

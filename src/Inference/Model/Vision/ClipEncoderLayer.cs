using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>Pre-norm transformer block: x + attn(ln1(x)), then x + mlp(ln2(x)).</summary>
public sealed class ClipEncoderLayer : nn.Module
{
    readonly LayerNorm layer_norm1, layer_norm2;
    readonly ClipAttention self_attn;
    readonly ClipMlp mlp;

    public ClipEncoderLayer(VisionConfig c) : base(nameof(ClipEncoderLayer))
    {
        layer_norm1 = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        self_attn = new ClipAttention(c);
        layer_norm2 = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        mlp = new ClipMlp(c);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, bool wantClsAttention, out Tensor? clsAttention)
    {
        x = x + self_attn.Forward(layer_norm1.forward(x), wantClsAttention, out clsAttention);
        return x + mlp.forward(layer_norm2.forward(x));
    }
}

using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Text;

/// <summary>Pre-norm block: x + attn(norm(x)), then x + mlp(norm(x)).</summary>
public sealed class DecoderLayer : nn.Module
{
    readonly RmsNorm input_layernorm, post_attention_layernorm;
    readonly DecoderAttention self_attn;
    readonly SwiGluMlp mlp;

    public DecoderLayer(TextConfig c, int index) : base(nameof(DecoderLayer))
    {
        input_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps);
        self_attn = new DecoderAttention(c, index);
        post_attention_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps);
        mlp = new SwiGluMlp(c);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, AttentionContext ctx)
    {
        x = x + self_attn.Forward(input_layernorm.forward(x), ctx);
        var normed = post_attention_layernorm.forward(x);
        return x + (ctx.Rows is null ? mlp.forward(normed) : mlp.ForwardRows(normed));
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>Bidirectional multi-head self-attention of the CLIP and SigLIP encoders.</summary>
public sealed class VisionAttention : nn.Module
{
    readonly Linear q_proj, k_proj, v_proj, out_proj;
    readonly int heads, headDim;

    public VisionAttention(VisionConfig c) : base(nameof(VisionAttention))
    {
        heads = c.NumAttentionHeads;
        headDim = c.HiddenSize / heads;
        q_proj = nn.Linear(c.HiddenSize, c.HiddenSize);
        k_proj = nn.Linear(c.HiddenSize, c.HiddenSize);
        v_proj = nn.Linear(c.HiddenSize, c.HiddenSize);
        out_proj = nn.Linear(c.HiddenSize, c.HiddenSize);
        RegisterComponents();
    }

    /// <param name="x">[B, S, D]</param>
    /// <param name="tokenAttention">when asked for: the attention each token receives (<paramref name="kind"/>), mean over heads [B, S]</param>
    public Tensor Forward(Tensor x, TokenAttentionKind kind, out Tensor? tokenAttention)
    {
        long b = x.shape[0], s = x.shape[1];
        Tensor Split(Tensor t) => t.view(b, s, heads, headDim).transpose(1, 2); // [B, H, S, Dh]
        var q = Split(q_proj.forward(x));
        var k = Split(k_proj.forward(x));
        var v = Split(v_proj.forward(x));
        var o = nn.functional.scaled_dot_product_attention(q, k, v); // [B, H, S, Dh]
        Tensor Probabilities(Tensor queries) => nn.functional.softmax(queries.matmul(k.transpose(-1, -2)) / Math.Sqrt(headDim), -1);
        tokenAttention = kind switch
        {
            TokenAttentionKind.FromClsQuery => Probabilities(q[.., .., ..1]).mean([1]).squeeze(1), // [B, S]
            TokenAttentionKind.MeanOverQueries => Probabilities(q).mean([1, 2]),                   // [B, S]
            _ => null,
        };
        return out_proj.forward(o.transpose(1, 2).reshape(b, s, -1));
    }
}

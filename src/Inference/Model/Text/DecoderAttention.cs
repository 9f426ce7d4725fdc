using AsymVLM.Inference.Model.Cache;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Text;

/// <summary>Grouped-query causal self-attention with RoPE and an optional KV cache (Llama / Qwen2).</summary>
public sealed class DecoderAttention : nn.Module
{
    readonly Linear q_proj, k_proj, v_proj, o_proj;
    readonly int heads, kvHeads, headDim, layerIndex;

    public DecoderAttention(TextConfig c, int layerIndex) : base(nameof(DecoderAttention))
    {
        heads = c.NumAttentionHeads;
        kvHeads = c.NumKeyValueHeads;
        headDim = c.HeadDim;
        this.layerIndex = layerIndex;
        if (heads % kvHeads != 0)
            throw new InvalidDataException($"num_attention_heads ({heads}) must be a multiple of num_key_value_heads ({kvHeads}).");
        q_proj = nn.Linear(c.HiddenSize, heads * headDim, hasBias: c.QkvBias);
        k_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, hasBias: c.QkvBias);
        v_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, hasBias: c.QkvBias);
        o_proj = nn.Linear(heads * headDim, c.HiddenSize, hasBias: c.OutputBias);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, AttentionContext ctx) // x [B, S, D]
    {
        if (ctx.Rows is { } rows) return ForwardRows(x, ctx, rows);
        long b = x.shape[0], s = x.shape[1];
        var q = q_proj.forward(x).view(b, s, heads, headDim).transpose(1, 2);   // [B, H, S, Dh]
        var k = k_proj.forward(x).view(b, s, kvHeads, headDim).transpose(1, 2); // [B, Hkv, S, Dh]
        var v = v_proj.forward(x).view(b, s, kvHeads, headDim).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, ctx.Cos, ctx.Sin);
        k = RotaryEmbedding.Apply(k, ctx.Cos, ctx.Sin);

        var layerKv = ctx.Cache?[layerIndex];
        bool hadPast = layerKv is { Count: > 0 };
        if (layerKv is not null)
            (k, v) = layerKv.Append(k, v, ctx.CachePositions!);
        var captured = ctx.Capture is { } capture && capture.Layers.Contains(layerIndex) ? capture : null;
        if (s == 1 && hadPast)
            return o_proj.forward(DecodeStep(q, k, v, layerKv!, captured, ctx).reshape(b, 1, heads * headDim));

        k = RepeatKv(k);
        v = RepeatKv(v);
        var mask = hadPast ? PositionMask(ctx.Positions, layerKv!.Positions) : null;
        bool causal = !hadPast && s > 1;
        Tensor o;
        if (captured is not null)
        {
            var weights = ExplicitWeights(q, k, mask ?? (causal ? CausalMask(s, q.device) : null)); // [B, H, S, Sk]
            ctx.Captured[layerIndex] = weights[.., .., (int)captured.QueryStart..(int)captured.QueryEnd].mean([1]);
            o = weights.matmul(v);
        }
        else
        {
            o = nn.functional.scaled_dot_product_attention(q, k, v, mask, is_casual: causal);
        }
        return o_proj.forward(o.transpose(1, 2).reshape(b, s, heads * headDim));
    }

    /// <summary>
    /// One decode step of each row of a lockstep decode (x [A, 1, D]): the projections and RoPE over all rows at once, each
    /// rounded as its one-row forward, then every row appends to and attends over its own cache as a one-row step does.
    /// </summary>
    Tensor ForwardRows(Tensor x, AttentionContext shared, IReadOnlyList<AttentionContext> rows)
    {
        long a = x.shape[0];
        var q = RowwiseLinear.Apply(q_proj, x).view(a, 1, heads, headDim).transpose(1, 2);
        var k = RowwiseLinear.Apply(k_proj, x).view(a, 1, kvHeads, headDim).transpose(1, 2);
        var v = RowwiseLinear.Apply(v_proj, x).view(a, 1, kvHeads, headDim).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, shared.Cos, shared.Sin);
        k = RotaryEmbedding.Apply(k, shared.Cos, shared.Sin);
        var outputs = new Tensor[a];
        for (int r = 0; r < a; r++)
        {
            var ctx = rows[r];
            var layerKv = ctx.Cache![layerIndex];
            var (keys, values) = layerKv.Append(k[r..(r + 1)], v[r..(r + 1)], ctx.CachePositions!);
            var captured = ctx.Capture is { } capture && capture.Layers.Contains(layerIndex) ? capture : null;
            outputs[r] = DecodeStep(q[r..(r + 1)], keys, values, layerKv, captured, ctx).reshape(1, 1, heads * headDim);
        }
        return RowwiseLinear.Apply(o_proj, cat(outputs, 0));
    }

    /// <summary>
    /// One cached decode query ([B, H, 1, Dh]) over every cached entry, by key-value group: the group's query heads take
    /// the place of query rows ([B, Hkv, H / Hkv, Dh]), so the keys and values are read where they lie instead of being
    /// repeated per head. Every cached entry is at an earlier position, so the only mask is a bounded decode's
    /// mask ([1, 1, 1, Sk] bool, from <paramref name="cache"/>), which hides the slots its evictions left. Returns
    /// [B, Hkv, H / Hkv, Dh] (head order).
    /// </summary>
    Tensor DecodeStep(Tensor q, Tensor k, Tensor v, LayerKv cache, AttentionCapture? captured, AttentionContext ctx)
    {
        long b = q.shape[0];
        var grouped = q.reshape(b, kvHeads, heads / kvHeads, headDim);
        if (captured is null) return nn.functional.scaled_dot_product_attention(grouped, k, v, cache.Attendable);
        var weights = ExplicitWeights(grouped, k, null, cache.Hidden);             // [B, Hkv, H / Hkv, Sk]
        ctx.Captured[layerIndex] = weights.flatten(1, 2).mean([1], keepdim: true); // [B, 1, Sk]: the mean over heads
        return weights.matmul(v);
    }

    Tensor RepeatKv(Tensor t) => heads == kvHeads ? t : t.repeat_interleave(heads / kvHeads, dim: 1);

    Tensor ExplicitWeights(Tensor q, Tensor k, Tensor? additiveMask, Tensor? hidden = null)
    {
        var scores = q.matmul(k.transpose(-1, -2)) / Math.Sqrt(headDim);
        if (additiveMask is not null) scores = scores + additiveMask;
        if (hidden is not null) scores = scores.masked_fill(hidden, double.NegativeInfinity);
        return nn.functional.softmax(scores.to(float32), -1).to(q.dtype);
    }

    /// <summary>A query sees exactly the keys at positions up to its own ([B, 1, S, Sk], additive).</summary>
    static Tensor PositionMask(Tensor queryPositions, long[] keyPositions)
    {
        var keys = tensor(keyPositions, device: queryPositions.device);
        var future = keys.view(1, 1, -1) > queryPositions.unsqueeze(-1); // [B, S, Sk]
        return zeros(future.shape, device: queryPositions.device).masked_fill(future, float.NegativeInfinity).unsqueeze(1);
    }

    static Tensor CausalMask(long s, Device device) =>
        full(s, s, float.NegativeInfinity, device: device).triu(1); // 0 on/below the diagonal, -inf above
}

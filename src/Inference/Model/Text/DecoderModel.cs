using TorchSharp.Modules;
using AsymVLM.Inference.Model.Cache;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Text;

/// <summary>HF's LlamaModel / Qwen2Model: embed_tokens, layers, final norm.</summary>
public sealed class DecoderModel : nn.Module
{
    readonly Embedding embed_tokens;
    readonly ModuleList<DecoderLayer> layers;
    readonly RmsNorm norm;
    readonly RotaryEmbedding rope;

    public DecoderModel(TextConfig c) : base(nameof(DecoderModel))
    {
        embed_tokens = nn.Embedding(c.VocabSize, c.HiddenSize);
        layers = new ModuleList<DecoderLayer>(Enumerable.Range(0, c.NumHiddenLayers).Select(i => new DecoderLayer(c, i)).ToArray());
        norm = new RmsNorm(c.HiddenSize, c.RmsNormEps);
        rope = new RotaryEmbedding(c.HeadDim, c.RopeTheta);
        RegisterComponents();
    }

    public int LayerCount => layers.Count;
    public Embedding EmbedTokens => embed_tokens;

    public Tensor Embed(Tensor ids) => embed_tokens.forward(ids);

    /// <summary>An uncached forward over a batch at positions [B, S].</summary>
    public AttentionContext Context(Tensor positions, ScalarType dtype, AttentionCapture? capture)
    {
        var (cos, sin) = rope.For(positions, dtype);
        return new AttentionContext(positions, cos, sin, null, null, capture);
    }

    /// <summary>
    /// A cached forward of one sequence at these host positions: they go to <paramref name="device"/> once, and nothing
    /// is read back from it (the cache keeps its position keys on the host).
    /// </summary>
    public AttentionContext Context(long[] positions, Device device, ScalarType dtype, KvCache cache, AttentionCapture? capture)
    {
        var onDevice = tensor(positions, device: device).unsqueeze(0);
        var (cos, sin) = rope.For(onDevice, dtype);
        return new AttentionContext(onDevice, cos, sin, cache, positions, capture);
    }

    /// <summary>
    /// One step of a lockstep decode: row r of the hidden states is the token at <paramref name="position"/> of the sequence
    /// cached in <paramref name="caches"/>[r], captured as <paramref name="captures"/>[r] asks (see <see cref="AttentionContext.Rows"/>).
    /// </summary>
    public AttentionContext RowsContext(long position, Device device, ScalarType dtype, IReadOnlyList<KvCache> caches,
        IReadOnlyList<AttentionCapture?> captures)
    {
        var shared = Context([position], device, dtype, caches[0], null);
        // Each row its own context (a record copy would share the captured-attention dictionary); the shared one holds no cache.
        return shared with
        {
            Cache = null,
            Rows = caches.Select((cache, r) => new AttentionContext(shared.Positions, shared.Cos, shared.Sin, cache, shared.CachePositions, captures[r])).ToArray(),
        };
    }

    /// <summary>Runs layers [from, to) on hidden states [B, S, D]; callers that prune between layers split the range.</summary>
    public Tensor RunLayers(Tensor hidden, AttentionContext ctx, int from = 0, int? to = null)
    {
        var input = hidden;
        for (int i = from; i < (to ?? layers.Count); i++)
        {
            // A layer's intermediates are freed when it ends (autograd keeps what backward needs), not when the
            // caller's scope does: a forward then peaks at one layer's activations, not all of them.
            using var scope = NewDisposeScope();
            var output = layers[i].Forward(hidden, ctx).MoveToOuterDisposeScope();
            foreach (var captured in ctx.Rows?.Select(r => r.Captured) ?? [ctx.Captured])
                if (captured.TryGetValue(i, out var attention)) attention.MoveToOuterDisposeScope();
            if (!ReferenceEquals(hidden, input)) hidden.Dispose();
            hidden = output;
        }
        return hidden;
    }

    public Tensor Norm(Tensor hidden) => norm.forward(hidden);
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>The encoder layers CLIP and SigLIP share (same parameter names, same math).</summary>
public sealed class VisionEncoder : nn.Module
{
    readonly ModuleList<VisionEncoderLayer> layers;
    readonly TokenAttentionKind attentionKind;

    public VisionEncoder(VisionConfig c) : base(nameof(VisionEncoder))
    {
        layers = new ModuleList<VisionEncoderLayer>(Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new VisionEncoderLayer(c)).ToArray());
        attentionKind = c.HasClsToken ? TokenAttentionKind.FromClsQuery : TokenAttentionKind.MeanOverQueries;
        RegisterComponents();
    }

    /// <summary>Runs <paramref name="embeddings"/> (hidden state 0) up to the deepest requested layer; see <see cref="VisionTower.Forward"/>.</summary>
    public VisionFeatures Forward(Tensor embeddings, IReadOnlyList<int> layerIndices, bool wantTokenAttention)
    {
        int[] wanted = layerIndices.Select(l => l < 0 ? layers.Count + 1 + l : l).ToArray();
        int deepest = wanted.Max(); // layers past the deepest requested one cannot change the result
        var states = new Tensor[layers.Count + 1];
        Tensor? attention = null;
        var h = embeddings;
        states[0] = h;
        for (int i = 0; i < deepest; i++)
        {
            // As in the decoder: each layer's intermediates are freed when it ends, and states nobody asked for too.
            using var scope = NewDisposeScope();
            var kind = wantTokenAttention && i == deepest - 1 ? attentionKind : TokenAttentionKind.None;
            var next = layers[i].Forward(h, kind, out var a).MoveToOuterDisposeScope();
            attention = a?.MoveToOuterDisposeScope() ?? attention;
            if (i > 0 && !wanted.Contains(i)) h.Dispose();
            h = next;
            states[i + 1] = h;
        }
        return new VisionFeatures(wanted.Select(i => states[i]).ToArray(), attention);
    }
}

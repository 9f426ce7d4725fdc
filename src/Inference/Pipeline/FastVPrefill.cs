using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;
using AsymVLM.Inference.Selection;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// FastV (pkunlp-icler/FastV): all tokens go through layers [0, K); the last prompt token's attention at
/// layer K-1 (mean over heads) ranks the image tokens, and only the top <c>keep</c> continue through
/// layers [K, L). Kept tokens keep their positions. Layers below K cache every token, which is what
/// pruning inside the LM costs compared with pruning before prefill. With AnyRes only the patches of
/// <paramref name="anyRes"/> are ranked; its <c>image_newline</c> tokens all continue, as in the other selectors.
/// </summary>
public sealed class FastVPrefill(int layerK, int imageStart, int imageCount, VisionLayout? anyRes, int keep) : IPrefill
{
    public const string MethodName = "fastv";

    /// <summary>The image tokens that continued (kept patches and every newline), ascending.</summary>
    public long[] KeptIndices { get; private set; } = [];

    public Tensor Run(LlavaModel model, Tensor embeds, long[] positions, KvCache cache)
    {
        long s = embeds.shape[1];
        var capture = new AttentionCapture(new HashSet<int> { layerK - 1 }, s - 1, s);
        var early = model.Decoder.Context(positions, embeds.device, embeds.dtype, cache, capture);
        var hidden = model.Decoder.RunLayers(embeds, early, 0, layerK);

        var toImage = early.Captured[layerK - 1][0, 0, imageStart..(imageStart + imageCount)]; // [N]
        // The one read of a FastV request: which tokens continue is a decision the host's cache bookkeeping needs.
        KeptIndices = anyRes is null ? toImage.topk(keep).indexes.sort().Values.cpu().data<long>().ToArray() : KeptPatches(toImage, anyRes);
        var rows = Enumerable.Range(0, imageStart).Select(i => (long)i)
            .Concat(KeptIndices.Select(i => imageStart + i))
            .Concat(Enumerable.Range(imageStart + imageCount, (int)s - imageStart - imageCount).Select(i => (long)i)).ToArray();
        var index = tensor(rows, device: embeds.device);

        var late = model.Decoder.Context(rows.Select(r => positions[r]).ToArray(), embeds.device, embeds.dtype, cache, null);
        return model.Decoder.RunLayers(hidden.index_select(1, index), late, layerK).select(1, -1); // [1, D]
    }

    /// <summary>The top <c>keep</c> patches by <paramref name="toImage"/> [N] and every newline, as ascending image-token indices.</summary>
    long[] KeptPatches(Tensor toImage, VisionLayout layout)
    {
        var patches = tensor(layout.PatchTokens(), device: toImage.device);
        var top = patches.index_select(0, toImage.index_select(0, patches).topk(keep).indexes);
        return top.cpu().data<long>().ToArray().Concat(layout.NewlineTokens()).Order().ToArray();
    }
}

using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Generation;

/// <summary>How the prompt is run into the cache; the default is one plain forward. FastV-style pruning
/// replaces it, since it drops tokens between layers.</summary>
public interface IPrefill
{
    /// <returns>the last position's hidden state [1, D]</returns>
    Tensor Run(LlavaModel model, Tensor embeds, long[] positions, KvCache cache);
}

public sealed class PlainPrefill : IPrefill
{
    public static readonly PlainPrefill Instance = new();

    public Tensor Run(LlavaModel model, Tensor embeds, long[] positions, KvCache cache) =>
        model.Forward(embeds, positions, cache).Hidden[.., -1];
}

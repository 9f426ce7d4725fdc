namespace AsymVLM.Inference.Model.Cache;

/// <summary>
/// The per-request KV cache, owned by the caller and passed into the model (the model owns none).
/// Entries are identified by their original position, unique within a sequence. Layers may hold different entries
/// (FastV-style pruning after layer K). Text eviction runs on a bounded decode's <see cref="TextSlots"/>.
/// </summary>
public sealed class KvCache : IDisposable
{
    readonly LayerKv[] layers;

    public KvCache(int layers) => this.layers = Enumerable.Range(0, layers).Select(_ => new LayerKv()).ToArray();

    KvCache(LayerKv[] layers) => this.layers = layers;

    /// <summary>An independent copy: one prefill, several decodes (each with its own eviction) from it.</summary>
    public KvCache Clone() => new(layers.Select(l => l.Clone()).ToArray());

    public LayerKv this[int layer] => layers[layer];
    public int LayerCount => layers.Length;
    public bool IsEmpty => layers.All(l => l.Count == 0);

    /// <summary>Slots attended, counted over layers (in a bounded decode, the dead slots its mask hides included).</summary>
    public long Entries => layers.Sum(l => (long)l.Count);
    /// <summary>Bytes of the attended slots, over layers.</summary>
    public long Bytes => layers.Sum(l => l.Bytes);
    /// <summary>Bytes the layers' buffers take, their free capacity included.</summary>
    public long AllocatedBytes => layers.Sum(l => l.AllocatedBytes);

    public void Dispose()
    {
        foreach (var layer in layers) layer.Dispose();
    }
}

namespace AsymVLM.Inference.Model.Cache;

/// <summary>
/// The per-request KV cache, owned by the caller and passed into the model (the model owns none).
/// Entries are identified by their original position, unique within a sequence; eviction removes
/// positions from every layer. Layers may hold different entries (FastV-style pruning after layer K).
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

    /// <summary>Entries held, counted over layers (what memory scales with).</summary>
    public long Entries => layers.Sum(l => (long)l.Count);
    /// <summary>Bytes of the live entries, over layers.</summary>
    public long Bytes => layers.Sum(l => l.Bytes);
    /// <summary>Bytes the layers' buffers take, their free capacity included.</summary>
    public long AllocatedBytes => layers.Sum(l => l.AllocatedBytes);

    /// <summary>Makes every layer's buffers hold <paramref name="appends"/> more entries than it has, so that many appends do not reallocate.</summary>
    public void ReserveAppends(int appends)
    {
        foreach (var layer in layers) layer.Reserve(layer.Count + appends);
    }

    /// <summary>Drops the entries at these positions from every layer that holds them.</summary>
    public void Remove(IReadOnlySet<long> positions)
    {
        if (positions.Count == 0) return;
        foreach (var layer in layers) layer.Remove(positions);
    }

    public void Dispose()
    {
        foreach (var layer in layers) layer.Dispose();
    }
}

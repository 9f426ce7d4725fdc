using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Cache;

/// <summary>
/// One decoder layer's cached keys and values, keys after RoPE, in preallocated buffers [B, Hkv, Capacity, Dh] whose
/// first <see cref="Count"/> slots are live, and the original position of every live slot. Appending writes into free
/// capacity (the buffers double when full, so a long decode reallocates a logarithmic number of times, unless a bounded
/// one reserved its room up front); removing moves
/// the last live entries into the freed slots, so an eviction copies as many entries as it evicts, never the whole
/// cache. Slots are therefore not in position order after a removal: attention masks are derived from the positions
/// (<see cref="Text.DecoderAttention"/>), and a single decode query sees every cached entry whatever its slot.
/// </summary>
public sealed class LayerKv : IDisposable
{
    /// <summary>Free slots the first append reserves beyond its entries: the first decode steps write without reallocating.</summary>
    public const int DecodeHeadroom = 64;

    Tensor? keys, values;
    long maxPosition = long.MinValue;

    /// <summary>The original position of each live slot (slot order, not position order).</summary>
    public long[] Positions { get; private set; } = [];
    public int Count => Positions.Length;
    public long Capacity => keys?.shape[2] ?? 0;

    /// <summary>Appends new entries ([B, Hkv, n, Dh]) and returns views of the live keys and values to attend over.</summary>
    public (Tensor Keys, Tensor Values) Append(Tensor newKeys, Tensor newValues, long[] positions)
    {
        if (positions.Length > 0 && positions[0] <= maxPosition)
            throw new InvalidOperationException($"Cache positions must increase: got {positions[0]} after {maxPosition}.");
        int n = (int)newKeys.shape[2];
        if (n != positions.Length)
            throw new ArgumentException($"{n} new cache entries but {positions.Length} positions.", nameof(positions));
        ReserveForAppend(Count + n, newKeys);
        keys!.narrow(2, Count, n).copy_(newKeys);
        values!.narrow(2, Count, n).copy_(newValues);
        Positions = [.. Positions, .. positions];
        if (positions.Length > 0) maxPosition = positions[^1];
        return Live();
    }

    /// <summary>Views of the live keys and values ([B, Hkv, Count, Dh], slot order).</summary>
    public (Tensor Keys, Tensor Values) Live() =>
        keys is null ? throw new InvalidOperationException("The cache layer holds no entries yet.") : (keys.narrow(2, 0, Count), values!.narrow(2, 0, Count));

    /// <summary>Drops the entries at these positions; the last live entries move into the slots they leave.</summary>
    public void Remove(IReadOnlySet<long> positions)
    {
        var dropped = Enumerable.Range(0, Count).Where(i => positions.Contains(Positions[i])).ToArray();
        if (dropped.Length == 0) return;
        int live = Count - dropped.Length;
        var holes = dropped.Where(i => i < live).Select(i => (long)i).ToArray();
        var movers = Enumerable.Range(live, Count - live).Where(i => !positions.Contains(Positions[i])).Select(i => (long)i).ToArray();
        var kept = Positions[..live];
        if (holes.Length > 0)
        {
            using var scope = NewDisposeScope();
            var from = tensor(movers, device: keys!.device);
            var to = tensor(holes, device: keys.device);
            // Tensor indexing (not index_select / index_copy_), which every backend implements, the meta device included.
            var (source, target) = (TensorIndex.Tensor(from), TensorIndex.Tensor(to));
            keys.index_put_(keys.index(TensorIndex.Colon, TensorIndex.Colon, source), TensorIndex.Colon, TensorIndex.Colon, target);
            values!.index_put_(values.index(TensorIndex.Colon, TensorIndex.Colon, source), TensorIndex.Colon, TensorIndex.Colon, target);
            for (int i = 0; i < holes.Length; i++) kept[holes[i]] = Positions[movers[i]];
        }
        Positions = kept;
    }

    /// <summary>Bytes of the live entries (what the cache holds for attention; the buffers may reserve more).</summary>
    public long Bytes => keys is null ? 0 : 2 * Count * (keys.NumberOfElements / Capacity) * keys.ElementSize;

    /// <summary>Bytes the buffers take, free capacity included.</summary>
    public long AllocatedBytes => keys is null ? 0 : 2 * keys.NumberOfElements * keys.ElementSize;

    /// <summary>An independent copy (its own buffers on the same device, with the same free capacity).</summary>
    public LayerKv Clone()
    {
        var copy = new LayerKv { Positions = Positions, maxPosition = maxPosition };
        if (keys is not null) copy.Replace(keys.clone(), values!.clone());
        return copy;
    }

    /// <summary>
    /// Grows the buffers to hold <paramref name="entries"/> live entries (exactly that many; no-op if they already do, or
    /// while the layer is empty and has no shape yet).
    /// </summary>
    public void Reserve(int entries)
    {
        if (keys is not null && entries > Capacity) Grow(entries, keys);
    }

    // Room for `needed` entries on an append: first needed + headroom, then by doubling.
    void ReserveForAppend(int needed, Tensor like)
    {
        if (keys is not null && needed <= Capacity) return;
        Grow(keys is null ? needed + DecodeHeadroom : Math.Max(needed, 2 * Capacity), like);
    }

    void Grow(long capacity, Tensor like)
    {
        long[] shape = [like.shape[0], like.shape[1], capacity, like.shape[3]];
        var grownKeys = empty(shape, like.dtype, like.device);
        var grownValues = empty(shape, like.dtype, like.device);
        if (keys is not null)
        {
            grownKeys.narrow(2, 0, Count).copy_(keys.narrow(2, 0, Count));
            grownValues.narrow(2, 0, Count).copy_(values!.narrow(2, 0, Count));
        }
        Replace(grownKeys, grownValues);
    }

    void Replace(Tensor newKeys, Tensor newValues)
    {
        keys?.Dispose();
        values?.Dispose();
        keys = newKeys.DetachFromDisposeScope();
        values = newValues.DetachFromDisposeScope();
    }

    public void Dispose()
    {
        keys?.Dispose();
        values?.Dispose();
    }
}

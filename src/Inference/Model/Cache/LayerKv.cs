using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Cache;

/// <summary>
/// One decoder layer's cached keys and values, keys after RoPE, in preallocated buffers [B, Hkv, Capacity, Dh] whose
/// first <see cref="Count"/> slots are attended, and the original position of every slot the prefill wrote. Appending
/// writes into free capacity (the buffers double when full, so a long decode reallocates a logarithmic number of times).
/// A bounded decode binds the layer to its <see cref="TextSlots"/>: from then on each step writes its entry into the slot
/// they pick on the device and attends with their mask, so eviction moves nothing and the host never learns which
/// positions are left (<see cref="Positions"/> is then unavailable).
/// </summary>
public sealed class LayerKv : IDisposable
{
    /// <summary>Free slots the first append reserves beyond its entries: the first decode steps write without reallocating.</summary>
    public const int DecodeHeadroom = 64;

    Tensor? keys, values;
    long maxPosition = long.MinValue;
    long[] positions = [];
    TextSlots? slots;
    int layer;

    /// <summary>The original position of each slot, in slot order, while no bounded decode has bound the layer.</summary>
    public long[] Positions => slots is null ? positions
        : throw new InvalidOperationException("A bounded decode keeps its text entries' positions on the device (TextSlots), not on the host.");

    /// <summary>Slots attended: the live entries, and in a bounded decode also the dead slots its mask hides.</summary>
    public int Count => slots?.Attended(layer) ?? positions.Length;
    public long Capacity => keys?.shape[2] ?? 0;
    public Device Device => keys?.device ?? throw new InvalidOperationException("The cache layer holds no entries yet.");

    /// <summary>Which attended slots hold a live entry ([1, 1, 1, Count] bool) in a bounded decode; null means all.</summary>
    public Tensor? Attendable => slots?.Attendable(layer);

    /// <summary><see cref="Attendable"/> negated (the dead slots), or null.</summary>
    public Tensor? Hidden => slots?.Hidden(layer);

    /// <summary>Hands the layer's decode appends to <paramref name="textSlots"/> (see <see cref="TextSlots"/>).</summary>
    internal void Bind(TextSlots textSlots, int layerIndex)
    {
        if (slots is not null) throw new InvalidOperationException("The cache layer is already bound to a bounded decode.");
        (slots, layer) = (textSlots, layerIndex);
    }

    /// <summary>Appends new entries ([B, Hkv, n, Dh]) and returns views of the live keys and values to attend over.</summary>
    public (Tensor Keys, Tensor Values) Append(Tensor newKeys, Tensor newValues, long[] positions)
    {
        if (positions.Length > 0 && positions[0] <= maxPosition)
            throw new InvalidOperationException($"Cache positions must increase: got {positions[0]} after {maxPosition}.");
        int n = (int)newKeys.shape[2];
        if (n != positions.Length)
            throw new ArgumentException($"{n} new cache entries but {positions.Length} positions.", nameof(positions));
        if (positions.Length > 0) maxPosition = positions[^1];
        if (slots is not null)
        {
            if (n != 1) throw new InvalidOperationException($"A bounded decode appends one entry per step, got {n}.");
            var slot = TensorIndex.Tensor(slots.WriteSlot(layer));
            keys!.index_put_(newKeys, TensorIndex.Colon, TensorIndex.Colon, slot);
            values!.index_put_(newValues, TensorIndex.Colon, TensorIndex.Colon, slot);
            return Live();
        }
        ReserveForAppend(Count + n, newKeys);
        keys!.narrow(2, Count, n).copy_(newKeys);
        values!.narrow(2, Count, n).copy_(newValues);
        this.positions = [.. this.positions, .. positions];
        return Live();
    }

    /// <summary>Views of the live keys and values ([B, Hkv, Count, Dh], slot order).</summary>
    public (Tensor Keys, Tensor Values) Live() =>
        keys is null ? throw new InvalidOperationException("The cache layer holds no entries yet.") : (keys.narrow(2, 0, Count), values!.narrow(2, 0, Count));

    /// <summary>Bytes of the attended slots (what attention reads; the buffers may reserve more).</summary>
    public long Bytes => Count * EntryBytes;

    /// <summary>Bytes one entry's key and value take.</summary>
    public long EntryBytes => keys is null ? 0 : 2 * (keys.NumberOfElements / Capacity) * keys.ElementSize;

    /// <summary>Bytes the buffers take, free capacity included.</summary>
    public long AllocatedBytes => keys is null ? 0 : 2 * keys.NumberOfElements * keys.ElementSize;

    /// <summary>An independent copy (its own buffers on the same device, with the same free capacity).</summary>
    public LayerKv Clone()
    {
        if (slots is not null) throw new InvalidOperationException("A cache layer in a bounded decode cannot be copied; copy it before the decode.");
        var copy = new LayerKv { positions = positions, maxPosition = maxPosition };
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

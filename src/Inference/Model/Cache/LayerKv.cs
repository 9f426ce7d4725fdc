using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Cache;

/// <summary>
/// One decoder layer's cached keys and values ([B, Hkv, S, Dh], keys after RoPE) and the original
/// position of every slot. Physical slot order always follows position order, which is what lets
/// attention masks be derived from positions alone after entries are dropped.
/// </summary>
public sealed class LayerKv : IDisposable
{
    public Tensor? Keys { get; private set; }
    public Tensor? Values { get; private set; }
    public long[] Positions { get; private set; } = [];
    public int Count => Positions.Length;

    /// <summary>Appends new entries and returns the full keys and values to attend over.</summary>
    public (Tensor Keys, Tensor Values) Append(Tensor keys, Tensor values, long[] positions)
    {
        if (Count > 0 && positions.Length > 0 && positions[0] <= Positions[^1])
            throw new InvalidOperationException($"Cache positions must increase: got {positions[0]} after {Positions[^1]}.");
        Replace(Keys is null ? keys.alias() : cat([Keys, keys], 2), Values is null ? values.alias() : cat([Values, values], 2));
        Positions = [.. Positions, .. positions];
        return (Keys!, Values!);
    }

    /// <summary>Keeps only the given slots (ascending), dropping the rest.</summary>
    public void Keep(long[] slots)
    {
        if (Keys is null || slots.Length == Count) return;
        using var index = tensor(slots, device: Keys.device);
        Replace(Keys.index(TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Tensor(index)), Values!.index(TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Tensor(index)));
        Positions = slots.Select(s => Positions[s]).ToArray();
    }

    public long Bytes => Keys is null ? 0 : 2 * Keys.NumberOfElements * Keys.ElementSize;

    /// <summary>An independent copy (its own keys and values on the same device).</summary>
    public LayerKv Clone()
    {
        var copy = new LayerKv { Positions = Positions };
        if (Keys is not null) copy.Replace(Keys.clone(), Values!.clone());
        return copy;
    }

    void Replace(Tensor keys, Tensor values)
    {
        Keys?.Dispose();
        Values?.Dispose();
        Keys = keys.DetachFromDisposeScope();
        Values = values.DetachFromDisposeScope();
    }

    public void Dispose()
    {
        Keys?.Dispose();
        Values?.Dispose();
    }
}

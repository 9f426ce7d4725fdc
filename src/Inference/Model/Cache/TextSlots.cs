using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Cache;

/// <summary>
/// The text entries of a bounded decode, kept on the model's device so that eviction reads nothing back. There are N
/// slots: the prompt's text entries (in position order), then a region of new slots at the end of every layer, each
/// with a live flag and an original position. A decode step writes its entry into the first dead slot (one an evicted
/// entry left, or the region's next), every layer attends over its prefill entries and the region used so far with the
/// dead slots masked out, and an eviction only clears live flags: no entry is copied and no buffer grows. Vision entries
/// stay in their prefill slots, untouched. The host sizes everything without reading: the region holds what the budget
/// can leave live plus the step's own entry, and a step uses at most one region slot more than the step before.
/// </summary>
public sealed class TextSlots : IDisposable
{
    /// <summary>Layers that hold the same prefill entries (all of them, or those before and after a FastV cut) share a slot map.</summary>
    sealed class SlotMap(long[] slots, int prefix, Device device)
    {
        public long[] Slots { get; } = slots;   // the layer slot of each text slot
        public Tensor SlotOf { get; } = tensor(slots, device: device).DetachFromDisposeScope(); // the same, [N]
        public int Prefix { get; } = prefix;    // prefill entries the layer holds; the region starts after them
        public Tensor? Write { get; set; }      // [1]: this step's layer slot
        public Tensor? Gather { get; set; }     // [N]: SlotOf within the attended slots (a region slot not used yet reads another)
        public Tensor? Attendable { get; set; } // [1, 1, 1, Prefix + used] bool, a view of Mask
        public Tensor? Hidden { get; set; }     // the same negated: what the explicit softmax masks out
        public Tensor? Mask { get; set; }       // [Prefix + region] bool: vision slots always true, text slots their live flag
    }

    readonly SlotMap[] mapOf; // per layer
    readonly Tensor live, positions, yes;
    readonly int region, promptText, budget;
    int used, written;

    /// <param name="cache">the prefilled cache; its layers are bound to these slots for the rest of the decode</param>
    /// <param name="visionPositions">positions of the vision entries, which are never slots</param>
    /// <param name="budget">most text entries the policy leaves live</param>
    /// <param name="steps">most decode steps, each appending one entry</param>
    public TextSlots(KvCache cache, IReadOnlySet<long> visionPositions, int budget, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var prompt = cache[0].Positions.Where(p => !visionPositions.Contains(p)).Order().ToArray();
        // Before a step's write the policy has left at most max(budget, prompt) entries live (the prompt's own text is over
        // the budget only until the first step's eviction), so that many slots and the step's own one always have a dead one.
        region = Math.Min(Math.Max(budget - prompt.Length, 0) + 1, steps);
        var device = cache[0].Device;
        var maps = new List<SlotMap>();
        mapOf = new SlotMap[cache.LayerCount];
        for (int l = 0; l < cache.LayerCount; l++)
        {
            var layer = cache[l];
            var slotOfPosition = layer.Positions.Select((p, slot) => (p, slot)).ToDictionary(x => x.p, x => (long)x.slot);
            var slots = prompt.Select(p => slotOfPosition.TryGetValue(p, out long s) ? s
                    : throw new InvalidOperationException($"Cache layer {l} does not hold text position {p}: text entries must be in every layer."))
                .Concat(Enumerable.Range(layer.Count, region).Select(s => (long)s)).ToArray();
            var map = maps.FirstOrDefault(m => m.Prefix == layer.Count && m.Slots.AsSpan().SequenceEqual(slots));
            if (map is null)
                maps.Add(map = new SlotMap(slots, layer.Count, device));
            mapOf[l] = map;
            layer.Reserve(layer.Count + region);
            layer.Bind(this, l);
        }
        int n = prompt.Length + region;
        foreach (var map in maps) map.Mask = ones(map.Prefix + region, ScalarType.Bool, device).DetachFromDisposeScope();
        (promptText, this.budget) = (prompt.Length, budget);
        yes = tensor(true, device: device).DetachFromDisposeScope();
        live = cat([ones(prompt.Length, ScalarType.Bool, device), zeros(region, ScalarType.Bool, device)]).DetachFromDisposeScope();
        positions = tensor(prompt.Concat(new long[region]).ToArray(), device: device).DetachFromDisposeScope();
        Count = n;
    }

    /// <summary>Text slots N: the prompt's text entries and the region.</summary>
    public int Count { get; }

    /// <summary>
    /// Opens a decode step for the entry at <paramref name="position"/>: picks its slot (the first dead one), marks it live
    /// and new, and prepares every layer's write slot and attention mask. All on the device.
    /// </summary>
    public void Advance(long position)
    {
        using var scope = NewDisposeScope();
        var slot = live.bitwise_not().to(ScalarType.Float32).argmax(0, keepdim: true); // [1]: the first dead slot
        var index = TensorIndex.Tensor(slot);
        live.index_put_(yes, index);
        positions.index_put_(tensor(position, device: live.device), index);
        written++;
        used = Math.Min(used + 1, region);
        foreach (var map in mapOf.Distinct())
        {
            map.Write?.Dispose();
            map.Gather?.Dispose();
            map.Attendable?.Dispose();
            map.Hidden?.Dispose();
            map.Write = map.SlotOf.index(index).DetachFromDisposeScope();
            map.Gather = map.SlotOf.clamp_max(map.Prefix + used - 1).DetachFromDisposeScope();
            map.Mask!.index_put_(live, TensorIndex.Tensor(map.SlotOf));
            map.Attendable = map.Mask.narrow(0, 0, map.Prefix + used).view(1, 1, 1, -1).DetachFromDisposeScope();
            map.Hidden = map.Attendable.bitwise_not().DetachFromDisposeScope();
        }
    }

    /// <summary>
    /// Whether the live entries can be over <paramref name="budget"/> this step, from what the host knows: they are at most
    /// the prompt's text and the entries written so far, since evictions only take entries away.
    /// </summary>
    public bool MayExceed(int budget) => promptText + written > budget;

    /// <summary>Slots layer <paramref name="layer"/> attends over this step (its prefill entries and the region used so far).</summary>
    public int Attended(int layer) => mapOf[layer].Prefix + used;

    /// <summary>The layer slot this step's entry goes to ([1], on the device).</summary>
    public Tensor WriteSlot(int layer) => mapOf[layer].Write ?? throw new InvalidOperationException("No decode step is open: call Advance first.");

    /// <summary>Which of the layer's attended slots hold a live entry ([1, 1, 1, Attended], bool).</summary>
    public Tensor Attendable(int layer) => mapOf[layer].Attendable ?? throw new InvalidOperationException("No decode step is open: call Advance first.");

    /// <summary>Which of the layer's attended slots are dead: <see cref="Attendable"/> negated, made once per step for every layer.</summary>
    public Tensor Hidden(int layer) => mapOf[layer].Hidden ?? throw new InvalidOperationException("No decode step is open: call Advance first.");

    /// <summary>
    /// The step's attention to each text slot ([N]): the mean over heads (as captured) and over layers of every layer's
    /// weight on the slot, and zero on a dead slot. Layers that share a slot map are summed before the gather (the same
    /// sums, element by element, in layer order). The zero matters: a region slot not used yet gathers some other slot's
    /// weight, and a policy's running score would carry it into the entry that later takes the slot.
    /// </summary>
    public Tensor Attention(IReadOnlyDictionary<int, Tensor> captured)
    {
        if (captured.Count == 0) throw new ArgumentException("No layer's attention was captured.", nameof(captured));
        using var scope = NewDisposeScope();
        var perMap = new Dictionary<SlotMap, Tensor>();
        foreach (var (layer, weights) in captured.OrderBy(c => c.Key))
        {
            var map = mapOf[layer];
            var w = weights.to(ScalarType.Float32); // [1, 1, Attended]
            perMap[map] = perMap.TryGetValue(map, out var sum) ? sum + w : w;
        }
        Tensor? total = null;
        foreach (var (map, sum) in perMap)
        {
            var gathered = sum[0, 0].index(TensorIndex.Tensor(map.Gather!));
            total = total is null ? gathered : total + gathered;
        }
        return (total! * live / captured.Count).MoveToOuterDisposeScope();
    }

    /// <summary>What a policy sees this step.</summary>
    public Eviction.TextEntries Entries(Tensor? attention, int budget) => new(live, positions, attention, budget, MayExceed(budget));

    /// <summary>Clears the live flags of the slots in <paramref name="mask"/> ([N] bool, live slots only).</summary>
    public void Evict(Tensor mask) => live.masked_fill_(mask, false);

    /// <summary>
    /// The most text entries live at once (after a step's write, before its eviction), known on the host: nothing is
    /// evicted while the entries fit the budget, and a step over it leaves at most the budget (the policies' contract), so
    /// the entries grow by one a step up to the budget and its step's own entry, or to the prompt's text and the first
    /// step's entry where that is more.
    /// </summary>
    public int PeakLive => written == 0 ? promptText : Math.Max(promptText + 1, Math.Min(promptText + written, budget + 1));

    /// <summary>
    /// The text entries evicted so far, a 0-dim int64 on the device: every entry written less those still live. The cache
    /// reads nothing back; whoever wants the figure on the host reads it after the decode.
    /// </summary>
    public Tensor Evicted() => live.sum().neg().add(promptText + written);

    public void Dispose()
    {
        foreach (var map in mapOf.Distinct())
        {
            map.SlotOf.Dispose();
            map.Write?.Dispose();
            map.Gather?.Dispose();
            map.Attendable?.Dispose();
            map.Hidden?.Dispose();
            map.Mask?.Dispose();
        }
        yes.Dispose();
        live.Dispose();
        positions.Dispose();
    }
}

using AsymVLM.Data.Benchmark;
using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// Binding supervision for the vision side: a <see cref="CellProbe"/> classifies every image token that belongs to a
/// part of the image (<see cref="RenderedSample.CellOwners"/>: a form field, a chart bar, a text line) as that part.
/// Measured on the first reference VLM, a bar's value was the cell layer 3 could not find (43.7 % of the attention on
/// it, 31 % of bar values read right, against 96 % for the highest bar): the value sits above its label, so the causal
/// decoder cannot bind it to the label a question names, and only the bidirectional tower can, which answer loss alone
/// never taught it. The probe asks that tower to put the binding in every owned token, where a question's key or label
/// can be matched against it.
/// </summary>
public static class CellOwnerLoss
{
    public static CellProbe Probe(long hidden) => new(hidden, CellOwners.All.Count, "owner_probe.safetensors", "Loss:OwnerWeight");

    /// <summary>Owner classes [B, N] of the samples' cells; -1 where a cell belongs to no part of the supervised <paramref name="kinds"/>.</summary>
    public static Tensor Targets(IReadOnlyList<RenderedSample> samples, IReadOnlyCollection<string> kinds) =>
        tensor(samples.SelectMany(s => s.CellOwners.Select(o => o is not null && kinds.Contains(CellOwners.KindOf(o)) ? (long)CellOwners.ClassOf(o) : -1L)).ToArray())
            .view(samples.Count, -1);
}

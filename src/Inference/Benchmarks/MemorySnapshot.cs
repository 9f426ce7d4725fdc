using static TorchSharp.torch;

namespace AsymVLM.Inference.Benchmarks;

/// <summary>
/// Resident memory and live TorchSharp tensors once the GC has finalized everything unreachable: what is left
/// is what the process really holds, so growth between two identical workloads is a leak.
/// </summary>
public sealed record MemorySnapshot(long ResidentBytes, long LiveTensors)
{
    public static MemorySnapshot Take()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers(); // undisposed tensors free their native memory in finalizers
        GC.Collect();
        return new MemorySnapshot(ProcessMemory.ResidentBytes(), Tensor.TotalCount);
    }
}

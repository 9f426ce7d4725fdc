using static TorchSharp.torch;

namespace AsymVLM.Inference.Checkpoints;

/// <summary>Where and in what precision to run: CUDA + bfloat16 when a CUDA backend is present, else CPU + float32.</summary>
public sealed record ComputeTarget(Device Device, ScalarType DType)
{
    public static ComputeTarget Default =>
        cuda.is_available() ? new ComputeTarget(CUDA, ScalarType.BFloat16) : new ComputeTarget(CPU, ScalarType.Float32);

    public static ComputeTarget Cpu => new(CPU, ScalarType.Float32);
}

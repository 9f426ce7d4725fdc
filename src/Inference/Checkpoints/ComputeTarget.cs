using static TorchSharp.torch;

namespace AsymVLM.Inference.Checkpoints;

/// <summary>Where and in what precision to run: CUDA + bfloat16 when a CUDA backend is present, else CPU + float32.</summary>
public sealed record ComputeTarget(Device Device, ScalarType DType)
{
    public static ComputeTarget Default =>
        cuda.is_available() ? new ComputeTarget(CUDA, ScalarType.BFloat16) : new ComputeTarget(CPU, ScalarType.Float32);

    public static ComputeTarget Cpu => new(CPU, ScalarType.Float32);

    /// <summary>The names a command's device option takes: <c>auto</c> (<see cref="Default"/>), <c>cpu</c>, <c>cuda</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "cpu", "cuda"];

    /// <param name="source">the option or key that gave the name, for the error</param>
    public static ComputeTarget Parse(string name, string source) => name switch
    {
        "auto" => Default,
        "cpu" => Cpu,
        "cuda" when cuda.is_available() => new ComputeTarget(CUDA, ScalarType.BFloat16),
        "cuda" => throw new ArgumentException($"{source} is 'cuda', but no CUDA device is available to TorchSharp (this build has the CPU backend, or no GPU is visible)."),
        _ => throw new ArgumentException($"{source} must be one of {string.Join(", ", Names)}; got '{name}'."),
    };
}

using TorchSharp;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// What a dtype's values mean: converting between kinds (an integer tensor into a float parameter) changes
/// meaning, not just precision, so loaders refuse it while converting freely within a kind (BF16 to F32).
/// </summary>
public enum DTypeKind
{
    Bool,
    Integer,
    Float,
}

/// <summary>Classifies TorchSharp scalar types into <see cref="DTypeKind"/>s.</summary>
public static class DTypeKinds
{
    public static DTypeKind Of(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Bool => DTypeKind.Bool,
        torch.ScalarType.Byte or torch.ScalarType.Int8 or torch.ScalarType.Int16
            or torch.ScalarType.Int32 or torch.ScalarType.Int64 => DTypeKind.Integer,
        torch.ScalarType.Float16 or torch.ScalarType.BFloat16 or torch.ScalarType.Float32
            or torch.ScalarType.Float64 => DTypeKind.Float,
        _ => throw new ArgumentException($"dtype {type} has no kind here (complex and quantized types are not loaded)", nameof(type)),
    };
}

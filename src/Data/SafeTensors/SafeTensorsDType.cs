using System.Diagnostics.CodeAnalysis;
using TorchSharp;

namespace AsymVLM.Data.SafeTensors;

/// <summary>The dtype names this reader/writer supports and their TorchSharp types and element sizes.</summary>
internal static class SafeTensorsDType
{
    // Ordered as the reference implementation's Dtype enum (by increasing alignment); the writer sorts by
    // this rank so its layout matches Python's `safetensors` byte for byte.
    static readonly (string Name, torch.ScalarType Type, int Size)[] Known =
    [
        ("BOOL", torch.ScalarType.Bool, 1),
        ("U8", torch.ScalarType.Byte, 1),
        ("I8", torch.ScalarType.Int8, 1),
        ("I16", torch.ScalarType.Int16, 2),
        ("F16", torch.ScalarType.Float16, 2),
        ("BF16", torch.ScalarType.BFloat16, 2),
        ("I32", torch.ScalarType.Int32, 4),
        ("F32", torch.ScalarType.Float32, 4),
        ("F64", torch.ScalarType.Float64, 8),
        ("I64", torch.ScalarType.Int64, 8),
    ];

    public static bool TryParse(string name, out torch.ScalarType type, out int elementSize)
    {
        foreach (var known in Known)
        {
            if (known.Name == name)
            {
                (type, elementSize) = (known.Type, known.Size);
                return true;
            }
        }
        (type, elementSize) = (default, 0);
        return false;
    }

    public static bool TryFromScalarType(
        torch.ScalarType type, [NotNullWhen(true)] out string? name, out int elementSize, out int alignmentRank)
    {
        for (int i = 0; i < Known.Length; i++)
        {
            if (Known[i].Type == type)
            {
                (name, elementSize, alignmentRank) = (Known[i].Name, Known[i].Size, i);
                return true;
            }
        }
        (name, elementSize, alignmentRank) = (null, 0, -1);
        return false;
    }

    public static string SupportedNames => string.Join(", ", Known.Select(k => k.Name));
}

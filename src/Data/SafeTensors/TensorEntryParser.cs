using System.Text.Json;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// Turns one header entry {dtype, shape, data_offsets} into a <see cref="TensorInfo"/>, checking that
/// it is self-consistent. Where it sits in the data buffer is checked by <see cref="TensorLayout"/>.
/// </summary>
internal static class TensorEntryParser
{
    public static TensorInfo Parse(string path, string name, JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw Fail($"header entry is a JSON {entry.ValueKind}, not an object");

        string dtype = RequiredString(entry, "dtype", path, name);
        if (!SafeTensorsDType.TryParse(dtype, out var scalarType, out int elementSize))
            throw Fail($"unknown dtype '{dtype}' (supported: {SafeTensorsDType.SupportedNames})");

        long[] shape = RequiredIntegers(entry, "shape", path, name);
        long[] offsets = RequiredIntegers(entry, "data_offsets", path, name);
        if (offsets.Length != 2)
            throw Fail($"'data_offsets' has {offsets.Length} values, expected [begin, end]");
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end)
            throw Fail($"data_offsets [{begin}, {end}] begin after they end");

        long expectedBytes = ByteCount(shape, elementSize)
            ?? throw Fail($"shape [{string.Join(", ", shape)}] of {dtype} overflows a 64-bit byte count");
        if (end - begin != expectedBytes)
            throw Fail($"data_offsets [{begin}, {end}] span {end - begin} bytes, but {dtype} with shape "
                       + $"[{string.Join(", ", shape)}] needs {expectedBytes}");

        return new TensorInfo(name, dtype, scalarType, shape, begin, end);

        SafeTensorsFormatException Fail(string problem) => new(path, problem, name);
    }

    /// <summary>
    /// The byte count, or null when it does not fit in 64 bits. Zero dims are skipped in the overflow check:
    /// libtorch derives strides from the other dims, so [0, 2^40, 2^40] is as unusable as [2^40, 2^40].
    /// </summary>
    static long? ByteCount(long[] shape, int elementSize)
    {
        try
        {
            long nonZeroProduct = elementSize;
            bool empty = false;
            foreach (long dim in shape)
            {
                if (dim == 0) empty = true;
                else nonZeroProduct = checked(nonZeroProduct * dim);
            }
            return empty ? 0 : nonZeroProduct;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    static string RequiredString(JsonElement entry, string key, string path, string name)
    {
        if (!entry.TryGetProperty(key, out var value))
            throw new SafeTensorsFormatException(path, $"header entry lacks '{key}'", name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new SafeTensorsFormatException(path, $"'{key}' is a JSON {value.ValueKind}, not a string", name);
    }

    /// <summary>An array of non-negative integers that fit in 64 bits (shape dims, byte offsets).</summary>
    static long[] RequiredIntegers(JsonElement entry, string key, string path, string name)
    {
        if (!entry.TryGetProperty(key, out var value))
            throw new SafeTensorsFormatException(path, $"header entry lacks '{key}'", name);
        if (value.ValueKind != JsonValueKind.Array)
            throw new SafeTensorsFormatException(path, $"'{key}' is a JSON {value.ValueKind}, not an array", name);

        var result = new long[value.GetArrayLength()];
        int i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long n) || n < 0)
                throw new SafeTensorsFormatException(
                    path, $"'{key}'[{i}] is {item.GetRawText()}, not a non-negative integer", name);
            result[i++] = n;
        }
        return result;
    }
}

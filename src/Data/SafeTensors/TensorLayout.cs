namespace AsymVLM.Data.SafeTensors;

/// <summary>Checks that the tensors' byte ranges lie inside the data buffer and do not overlap.</summary>
internal static class TensorLayout
{
    public static void Check(string path, IReadOnlyList<TensorInfo> tensorsByBegin, long dataBufferLength)
    {
        TensorInfo? previous = null;
        foreach (var tensor in tensorsByBegin)
        {
            if (tensor.End > dataBufferLength)
                throw new SafeTensorsFormatException(path,
                    $"data_offsets [{tensor.Begin}, {tensor.End}] run past the end of the {dataBufferLength}-byte "
                    + "data buffer (file truncated, or offsets wrong)", tensor.Name);

            // Empty tensors occupy no bytes, so they cannot collide with anything.
            if (tensor.ByteLength == 0)
                continue;
            if (previous is not null && tensor.Begin < previous.End)
                throw new SafeTensorsFormatException(path,
                    $"data_offsets [{tensor.Begin}, {tensor.End}] overlap those of tensor '{previous.Name}' "
                    + $"[{previous.Begin}, {previous.End}]", tensor.Name);
            previous = tensor;
        }
    }
}

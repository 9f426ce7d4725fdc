namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// Checks that the tensors' byte ranges tile the data buffer exactly, as the reference implementation
/// requires: the first starts at 0, each starts where the previous ends, the last ends at the buffer's end.
/// A gap, an overlap or trailing bytes means the offsets (or the header length) are wrong, and reading
/// anyway would shift every tensor's bytes.
/// </summary>
internal static class TensorLayout
{
    public static void Check(string path, IReadOnlyList<TensorInfo> tensorsByBegin, long dataBufferLength)
    {
        TensorInfo? previous = null;
        long expectedBegin = 0;
        foreach (var tensor in tensorsByBegin)
        {
            if (tensor.End > dataBufferLength)
                throw new SafeTensorsFormatException(path,
                    $"data_offsets [{tensor.Begin}, {tensor.End}] run past the end of the {dataBufferLength}-byte "
                    + "data buffer (file truncated, or offsets wrong)", tensor.Name);
            if (tensor.Begin < expectedBegin)
                throw new SafeTensorsFormatException(path,
                    $"data_offsets [{tensor.Begin}, {tensor.End}] overlap those of tensor '{previous!.Name}' "
                    + $"[{previous.Begin}, {previous.End}]", tensor.Name);
            if (tensor.Begin > expectedBegin)
                throw new SafeTensorsFormatException(path,
                    $"data_offsets [{tensor.Begin}, {tensor.End}] leave a gap: bytes [{expectedBegin}, {tensor.Begin}) "
                    + "of the data buffer belong to no tensor", tensor.Name);
            previous = tensor;
            expectedBegin = tensor.End;
        }
        if (expectedBegin != dataBufferLength)
            throw new SafeTensorsFormatException(path,
                $"the tensors cover {expectedBegin} bytes of the {dataBufferLength}-byte data buffer; "
                + $"{dataBufferLength - expectedBegin} trailing bytes belong to no tensor (header length or offsets wrong)");
    }
}

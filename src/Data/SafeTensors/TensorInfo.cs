using TorchSharp;

namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// One tensor's header entry. <see cref="DType"/> is the name as written in the file ("BF16");
/// <see cref="Begin"/> and <see cref="End"/> are byte offsets relative to the start of the data buffer.
/// </summary>
public sealed record TensorInfo(
    string Name, string DType, torch.ScalarType ScalarType, long[] Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;

    public DTypeKind Kind => DTypeKinds.Of(ScalarType);
}

using static TorchSharp.torch;

namespace AsymVLM.Data.SafeTensors;

/// <summary>One header entry: where a tensor's bytes lie in the data buffer (offsets relative to it).</summary>
public sealed record TensorInfo(string Name, string DType, ScalarType ScalarType, long[] Shape, long Begin, long End)
{
    public long ByteCount => End - Begin;
}

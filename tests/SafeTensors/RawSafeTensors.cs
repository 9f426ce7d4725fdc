using System.Buffers.Binary;
using System.Text;

namespace AsymVLM.Tests.SafeTensors;

/// <summary>
/// Builds safetensors bytes by hand, straight from the format spec, so tests do not rely on our own
/// writer: u64 little-endian header length, the header JSON as given, then the data bytes.
/// </summary>
internal static class RawSafeTensors
{
    public static byte[] Build(string headerJson, byte[] data) =>
        Build((ulong)Encoding.UTF8.GetByteCount(headerJson), headerJson, data);

    /// <summary>As <see cref="Build(string, byte[])"/> but with a declared header length that may lie.</summary>
    public static byte[] Build(ulong declaredHeaderLength, string headerJson, byte[] data)
    {
        var bytes = new List<byte>();
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, declaredHeaderLength);
        bytes.AddRange(prefix);
        bytes.AddRange(Encoding.UTF8.GetBytes(headerJson));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    public static byte[] Floats(params float[] values) =>
        values.SelectMany(v => BitConverter.GetBytes(v)).ToArray();

    /// <summary>16-bit words (F16/BF16 bit patterns, I16 values) as little-endian bytes.</summary>
    public static byte[] Words(params ushort[] values) =>
        values.SelectMany(v => new[] { (byte)v, (byte)(v >> 8) }).ToArray();
}

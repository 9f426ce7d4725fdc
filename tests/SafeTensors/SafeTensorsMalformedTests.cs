using System.Text;
using AsymVLM.Data.SafeTensors;

namespace AsymVLM.Tests.SafeTensors;

/// <summary>Untrusted files: each defect is a SafeTensorsFormatException naming the file (and tensor).</summary>
public class SafeTensorsMalformedTests
{
    static string Write(byte[] bytes)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-bad-").FullName, "bad.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static string WithHeader(string json, int dataBytes) =>
        Write([.. BitConverter.GetBytes((ulong)Encoding.UTF8.GetByteCount(json)), .. Encoding.UTF8.GetBytes(json), .. new byte[dataBytes]]);

    static void AssertRejected(string path, params string[] mentions)
    {
        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(path).Dispose())!;
        Assert.That(e.Message, Does.Contain("bad.safetensors"));
        foreach (var m in mentions) Assert.That(e.Message, Does.Contain(m));
    }

    [Test] public void TooShortFile() => AssertRejected(Write([1, 2, 3]), "too short");

    [Test] public void HeaderLengthPastTheEnd() => AssertRejected(Write([.. BitConverter.GetBytes(1000UL), .. "{}"u8.ToArray()]), "past the end");

    [Test] public void AbsurdHeaderLengthIsRefusedBeforeAllocating() => AssertRejected(Write([.. BitConverter.GetBytes(ulong.MaxValue - 3), 0]), "limit");

    [Test] public void HeaderNotJson() => AssertRejected(WithHeader("{not json", 0), "JSON");

    [Test] public void HeaderNotAnObject() => AssertRejected(WithHeader("[1, 2]", 0), "object");

    [Test] public void MissingDtype() => AssertRejected(WithHeader("{\"t\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "'t'", "dtype");

    [Test] public void UnknownDtype() => AssertRejected(WithHeader("{\"t\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "'t'", "F8");

    [Test] public void NegativeShape() => AssertRejected(WithHeader("{\"t\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "'t'", "shape");

    [Test] public void OffsetOutsideTheData() => AssertRejected(WithHeader("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4), "'t'", "past the data");

    [Test] public void BeginAfterEnd() => AssertRejected(WithHeader("{\"t\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4), "'t'", "begin after end");

    [Test] public void ShapeDoesNotMatchByteCount() => AssertRejected(WithHeader("{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "'t'", "needs 12 bytes");

    [Test] public void HugeShapeOverflows() =>
        AssertRejected(WithHeader("{\"t\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8), "'t'", "too large");

    [Test] public void OverlappingRanges() =>
        AssertRejected(WithHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "overlap");

    [Test] public void TruncatedData() => AssertRejected(WithHeader("{\"t\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 10), "'t'");
}

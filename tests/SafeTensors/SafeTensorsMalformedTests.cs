using AsymVLM.Data.SafeTensors;
using static TorchSharp.torch;

namespace AsymVLM.Tests.SafeTensors;

/// <summary>Untrusted input: every malformed file is refused with a message naming file and tensor.</summary>
public class SafeTensorsMalformedTests
{
    const string FileName = "bad.safetensors";

    static SafeTensorsFormatException OpenFails(ScratchDirectory dir, byte[] bytes)
    {
        string path = dir.File(FileName);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(path).Dispose());
        Assert.That(error!.Message, Does.Contain(path));
        Assert.That(error.FilePath, Is.EqualTo(path));
        return error;
    }

    [Test]
    public void FileShorterThanTheLengthPrefix()
    {
        using var dir = new ScratchDirectory();
        var error = OpenFails(dir, [1, 0, 0]);
        Assert.That(error.Message, Does.Contain("too short"));
    }

    [Test]
    public void HeaderLengthPastTheEndOfTheFile()
    {
        using var dir = new ScratchDirectory();
        var error = OpenFails(dir, RawSafeTensors.Build(100, "{}", []));
        Assert.That(error.Message, Does.Contain("header length 100"));
    }

    [TestCase(ulong.MaxValue)]
    [TestCase(100_000_001UL)]
    public void AbsurdHeaderLengthIsRefusedBeforeAllocating(ulong declared)
    {
        using var dir = new ScratchDirectory();
        var error = OpenFails(dir, RawSafeTensors.Build(declared, "{}", []));
        Assert.That(error.Message, Does.Contain("limit"));
    }

    [TestCase("{\"a\": ", TestName = "HeaderIsNotJson")]
    [TestCase("", TestName = "HeaderIsEmpty")]
    [TestCase("[1, 2]", TestName = "HeaderIsNotAnObject")]
    [TestCase("{\"__metadata__\": {\"n\": 3}}", TestName = "MetadataValueIsNotAString")]
    public void HeaderThatIsNotAValidObject(string header)
    {
        using var dir = new ScratchDirectory();
        OpenFails(dir, RawSafeTensors.Build(header, []));
    }

    static IEnumerable<TestCaseData> BadEntries()
    {
        TestCaseData Case(string testName, string entries, int dataBytes, string tensor, string expected) =>
            new TestCaseData("{" + entries + "}", dataBytes, tensor, expected).SetName(testName);

        yield return Case("EntryMissingDType", """ "w":{"shape":[2],"data_offsets":[0,8]} """, 8, "w", "'dtype'");
        yield return Case("EntryMissingShape", """ "w":{"dtype":"F32","data_offsets":[0,8]} """, 8, "w", "'shape'");
        yield return Case("EntryMissingOffsets", """ "w":{"dtype":"F32","shape":[2]} """, 8, "w", "'data_offsets'");
        yield return Case("EntryIsNotAnObject", """ "w":[1] """, 8, "w", "not an object");
        yield return Case("UnknownDType", """ "w":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]} """, 8, "w", "'Q4'");
        yield return Case("NegativeDim", """ "w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]} """, 8, "w", "-2");
        yield return Case("FractionalDim", """ "w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]} """, 8, "w", "1.5");
        yield return Case("StringDim", """ "w":{"dtype":"F32","shape":["2"],"data_offsets":[0,8]} """, 8, "w", "\"2\"");
        yield return Case("ThreeOffsets", """ "w":{"dtype":"F32","shape":[2],"data_offsets":[0,8,16]} """, 16, "w", "data_offsets");
        yield return Case("OffsetsOutsideDataBuffer", """ "w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]} """, 8, "w", "past the end");
        yield return Case("BeginAfterEnd", """ "w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]} """, 8, "w", "[8, 4]");
        yield return Case("ByteCountDoesNotMatchShape", """ "w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]} """, 12, "w", "needs 12");
        yield return Case("ShapeProductOverflows",
            """ "w":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,8]} """, 8, "w", "overflow");
        yield return Case("HugeShapeWithSmallOffsets",
            """ "w":{"dtype":"F32","shape":[1099511627776],"data_offsets":[0,8]} """, 8, "w", "needs 4398046511104");
        yield return Case("ShapeProductOverflowsBesideAZeroDim",
            """ "w":{"dtype":"F32","shape":[0,4294967296,4294967296],"data_offsets":[0,0]} """, 0, "w", "overflow");
        yield return Case("GapBeforeTheFirstTensor", """ "w":{"dtype":"U8","shape":[2],"data_offsets":[1,3]} """, 3, "w", "gap");
        yield return Case("GapBetweenTensors",
            """ "a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[3,5]} """,
            5, "b", "bytes [2, 3)");
        yield return Case("EmptyTensorPastTheLastOne",
            """ "a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"e":{"dtype":"U8","shape":[0],"data_offsets":[3,3]} """,
            3, "e", "gap");
        yield return Case("OverlappingRanges",
            """ "a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]} """,
            12, "b", "'a'");
        yield return Case("DuplicateTensorName",
            """ "w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"w":{"dtype":"U8","shape":[1],"data_offsets":[1,2]} """,
            2, "w", "twice");
    }

    [TestCaseSource(nameof(BadEntries))]
    public void MalformedEntryNamesFileAndTensor(string header, int dataBytes, string tensor, string expected)
    {
        using var dir = new ScratchDirectory();
        var error = OpenFails(dir, RawSafeTensors.Build(header, new byte[dataBytes]));
        Assert.That(error.TensorName, Is.EqualTo(tensor));
        Assert.That(error.Message, Does.Contain($"'{tensor}'").And.Contain(expected));
    }

    [Test]
    public void TrailingBytesAfterTheLastTensorAreRefused()
    {
        using var dir = new ScratchDirectory();
        var error = OpenFails(dir, RawSafeTensors.Build("""{"w":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", new byte[3]));
        Assert.That(error.Message, Does.Contain("1 trailing bytes"));
    }

    [Test]
    public void HeaderLengthOneByteShortIsRefusedNotReadShifted()
    {
        // The header's last byte is padding, so the shortened header still parses; before the exact-coverage
        // check every tensor was then read one byte early (NaN logits, exit 0).
        using var dir = new ScratchDirectory();
        string header = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}  """;
        var bytes = RawSafeTensors.Build((ulong)header.Length - 1, header, RawSafeTensors.Floats(1f, 2f));
        var error = OpenFails(dir, bytes);
        Assert.That(error.Message, Does.Contain("trailing"));
    }

    [Test]
    public void EmptyTensorAtTheBoundaryOfOthersIsAccepted()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File(FileName);
        File.WriteAllBytes(path, RawSafeTensors.Build(
            """{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"e":{"dtype":"F32","shape":[0,3],"data_offsets":[2,2]},"b":{"dtype":"U8","shape":[1],"data_offsets":[2,3]}}""",
            [1, 2, 3]));
        using var file = SafeTensorsFile.Open(path);
        Assert.That(file.Tensors.Select(t => t.Name), Is.EqualTo(new[] { "a", "e", "b" }));
    }

    [Test]
    public void TruncatedDataIsDetectedAtOpen()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File(FileName);
        using var a = ones(4);
        using var b = ones(4, ScalarType.Float64);
        SafeTensorsWriter.Save(path, [new("a", a), new("b", b)]);
        byte[] whole = File.ReadAllBytes(path);

        // "a" (F32) is laid out after "b" (F64), so cutting the tail truncates "a".
        var error = OpenFails(dir, whole[..^3]);

        Assert.That(error.TensorName, Is.EqualTo("a"));
        Assert.That(error.Message, Does.Contain("truncated"));
    }
}

using AsymVLM.Data.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace AsymVLM.Tests.SafeTensors;

public class SafeTensorsRoundTripTests
{
    static readonly (ScalarType Type, string Name)[] AllDTypes =
    [
        (ScalarType.Float32, "F32"), (ScalarType.Float16, "F16"), (ScalarType.BFloat16, "BF16"),
        (ScalarType.Float64, "F64"), (ScalarType.Int64, "I64"), (ScalarType.Int32, "I32"),
        (ScalarType.Int16, "I16"), (ScalarType.Int8, "I8"), (ScalarType.Byte, "U8"), (ScalarType.Bool, "BOOL"),
    ];

    static IEnumerable<TestCaseData> DTypes() =>
        AllDTypes.Select(d => new TestCaseData(d.Type, d.Name).SetArgDisplayNames(d.Name));

    /// <summary>Small integers: exact in every dtype; for Bool, alternating true/false.</summary>
    static Tensor Sample(ScalarType dtype, params long[] shape)
    {
        using var scope = NewDisposeScope();
        var values = arange(shape.Aggregate(1L, (a, b) => a * b), ScalarType.Int64) - 3; // [-3, -2, ...]
        var typed = dtype == ScalarType.Bool ? values.remainder(2).eq(0) : values.to_type(dtype);
        return typed.reshape(shape).MoveToOuterDisposeScope();
    }

    [TestCaseSource(nameof(DTypes))]
    public void EveryDTypeRoundTripsValuesAndShapes(ScalarType dtype, string fileDType)
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("t.safetensors");
        var originals = new Dictionary<string, Tensor>
        {
            ["matrix"] = Sample(dtype, 2, 3),
            ["scalar"] = Sample(dtype),
            ["empty"] = Sample(dtype, 0, 4),
            ["vector"] = Sample(dtype, 5),
        };

        SafeTensorsWriter.Save(path, originals);
        using var file = SafeTensorsFile.Open(path);

        Assert.That(file.Tensors.Select(t => t.Name), Is.EquivalentTo(originals.Keys));
        foreach (var (name, original) in originals)
        {
            Assert.That(file.Info(name).DType, Is.EqualTo(fileDType));
            using var loaded = file.Read(name);
            Assert.That(loaded.dtype, Is.EqualTo(dtype), name);
            Assert.That(loaded.shape, Is.EqualTo(original.shape), name);
            Assert.That(loaded.equal(original).all().item<bool>(), Is.True, name);
        }
        foreach (var t in originals.Values) t.Dispose();
    }

    [Test]
    public void MetadataRoundTrips()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("m.safetensors");
        using var x = ones(2);
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"" };

        SafeTensorsWriter.Save(path, [new("x", x)], metadata);
        using var file = SafeTensorsFile.Open(path);

        Assert.That(file.Metadata, Is.EquivalentTo(metadata));
    }

    [Test]
    public void NonContiguousTensorIsStoredInLogicalOrder()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("t.safetensors");
        using var source = arange(6, ScalarType.Float32).reshape(2, 3);
        using var transposed = source.t(); // [3, 2], strides (1, 3)

        SafeTensorsWriter.Save(path, [new("t", transposed)]);
        using var file = SafeTensorsFile.Open(path);
        using var loaded = file.Read("t");

        Assert.That(loaded.data<float>().ToArray(), Is.EqualTo(new float[] { 0, 3, 1, 4, 2, 5 }));
    }

    [Test]
    public void ReadConvertsDTypeAndPlacesOnDevice()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("t.safetensors");
        using var halves = tensor(new float[] { 0.5f, -1.25f, 3f }).to_type(ScalarType.Float16);

        SafeTensorsWriter.Save(path, [new("h", halves)]);
        using var file = SafeTensorsFile.Open(path);
        using var loaded = file.Read("h", ScalarType.Float64, CPU);

        Assert.That(loaded.dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That(loaded.device_type, Is.EqualTo(DeviceType.CPU));
        Assert.That(loaded.data<double>().ToArray(), Is.EqualTo(new[] { 0.5, -1.25, 3.0 }));
    }

    [Test]
    public void SaveReplacesAnExistingFileAndLeavesNoTemporary()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("t.safetensors");
        using var first = zeros(3);
        using var second = full(2, 7f);

        SafeTensorsWriter.Save(path, [new("x", first)]);
        SafeTensorsWriter.Save(path, [new("y", second)]);

        Assert.That(Directory.GetFiles(dir.Path), Is.EqualTo(new[] { path }));
        using var file = SafeTensorsFile.Open(path);
        Assert.That(file.Contains("x"), Is.False);
        using var y = file.Read("y");
        Assert.That(y.data<float>().ToArray(), Is.EqualTo(new[] { 7f, 7f }));
    }

    [Test]
    public void DuplicateNamesAreRejectedBeforeAnythingIsWritten()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("t.safetensors");
        using var a = ones(1);
        using var b = zeros(1);

        var error = Assert.Throws<ArgumentException>(() => SafeTensorsWriter.Save(path, [new("w", a), new("w", b)]));

        Assert.That(error!.Message, Does.Contain("'w'"));
        Assert.That(Directory.GetFiles(dir.Path), Is.Empty);
    }

    [Test]
    public void UnknownTensorNameIsAKeyNotFoundNamingFileAndTensor()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("t.safetensors");
        using var a = ones(1);
        SafeTensorsWriter.Save(path, [new("a", a)]);
        using var file = SafeTensorsFile.Open(path);

        var error = Assert.Throws<KeyNotFoundException>(() => file.Read("missing"));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("'missing'"));
    }

    [Test]
    public void LargeTensorStreamsThroughIntact()
    {
        using var dir = new ScratchDirectory();
        string path = dir.File("big.safetensors");
        using var big = arange(16_000_000, ScalarType.Float32); // 64 MB
        using var small = tensor(new[] { 42L });

        SafeTensorsWriter.Save(path, [new("big", big), new("small", small)]);
        using var file = SafeTensorsFile.Open(path);
        using var loaded = file.Read("big");
        using var loadedSmall = file.Read("small");

        Assert.That(new FileInfo(path).Length, Is.GreaterThan(64_000_000));
        Assert.That(loaded.equal(big).all().item<bool>(), Is.True);
        Assert.That(loadedSmall.item<long>(), Is.EqualTo(42L));
    }
}

using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Tests.Regression;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Model;

/// <summary>
/// Logits of tiny random LLaVA checkpoints against an independent PyTorch implementation of HF's
/// semantics (tests/reference/make_fixtures.py wrote the fixtures: weights, inputs, expected logits).
/// </summary>
public class HfParityTests
{
    static string FixtureRoot => Path.Combine(ShippedCheckpoints.RepositoryRoot(), "tests", "fixtures");

    static IEnumerable<string> Fixtures() => !Directory.Exists(FixtureRoot) ? [] :
        Directory.GetDirectories(FixtureRoot).Where(d => File.Exists(Path.Combine(d, "expected.safetensors"))).Select(d => Path.GetFileName(d)).Order();

    [TestCaseSource(nameof(Fixtures))]
    public void LogitsMatchTheReferenceImplementation(string fixture)
    {
        string dir = Path.Combine(FixtureRoot, fixture);
        using var model = ModelLoader.Load(dir, ComputeTarget.Cpu);
        using var inputs = SafeTensorsFile.Open(Path.Combine(dir, "inputs.safetensors"));
        using var expectedFile = SafeTensorsFile.Open(Path.Combine(dir, "expected.safetensors"));
        using var noGrad = no_grad();
        // LLaVA-NeXT fixtures carry each image's (height, width), as HF's processor hands them to the model.
        var sizes = inputs.Contains("image_sizes") ? ImageSizes(inputs.Read("image_sizes", ScalarType.Int64)) : null;
        var logits = model.FullLogits(inputs.Read("input_ids", ScalarType.Int64), inputs.Read("pixel_values", ScalarType.Float32), sizes);
        var expected = expectedFile.Read("logits", ScalarType.Float32);

        Assert.That(logits.shape, Is.EqualTo(expected.shape));
        double relative = (logits - expected).abs().max().item<float>() / expected.abs().max().item<float>();
        Assert.That(relative, Is.LessThan(1e-4), $"max relative error {relative:E2}");
    }

    static (int Height, int Width)[] ImageSizes(Tensor sizes) =>
        Enumerable.Range(0, (int)sizes.shape[0]).Select(i => ((int)sizes[i, 0].item<long>(), (int)sizes[i, 1].item<long>())).ToArray();

    [Test]
    public void ThereAreFixturesForBothTextModelsAndBothLayouts() =>
        Assert.That(Fixtures().Count(), Is.GreaterThanOrEqualTo(3));
}

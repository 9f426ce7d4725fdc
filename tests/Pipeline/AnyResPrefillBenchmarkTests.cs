using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Benchmarks;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Cli;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Cli;

namespace AsymVLM.Tests.Pipeline;

/// <summary>
/// bench-prefill on a tiny LLaVA-NeXT at a set image size: every keep ratio keeps the image's newlines, and the ideal
/// ratio counts them as kept (a 40 x 90 image: 16 + 40 patches and 4 newlines).
/// </summary>
public class AnyResPrefillBenchmarkTests
{
    [Test]
    public void TheIdealRatioCountsEveryNewlineAsKept()
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip);
        var (vlm, pipeline) = LoadedPipeline.WithUntrainedScorer(dir.Path, ComputeTarget.Cpu);
        var items = Enumerable.Range(0, 2).Select(i => (vlm.Images.FromRgbImage(TinyAnyRes.Image(TinyAnyRes.Wide, seed: i)), "what is the value of TOTAL?")).ToList();
        var rows = new PrefillBenchmark(pipeline, "learned", vlm).Run(items, [0.5, 0.25], repeats: 1);

        const int patches = 56, newlines = 4;
        Assert.That(rows.Select(r => r.VisionTokens), Is.All.EqualTo(patches + newlines));
        int text = rows[0].PrefillTokens - patches - newlines;
        Assert.That(rows.Select(r => r.PrefillTokens), Is.EqualTo(new[] { text + 60, text + 28 + newlines, text + 14 + newlines }));
        Assert.That(rows[2].IdealRatio, Is.EqualTo((text + newlines + 0.25 * patches) / (text + patches + newlines)).Within(1e-12));
        Assert.That(rows[0].GemmRatio, Is.EqualTo(1.0), "the unpruned row is the GEMM baseline");
        Assert.That(rows.Select(r => double.IsFinite(r.GemmRatio) && r.GemmRatio > 0), Is.All.True);
        vlm.Model.Dispose();
    }

    [Test]
    public void TheCommandResizesEveryImageToTheGivenSize()
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip);
        string data = Directory.CreateTempSubdirectory("asymvlm-bench-prefill-").FullName;
        SyntheticBenchmark.WriteDataset(data, datasetSeed: 3, count: 2);
        var run = CommandLineRun.Of(InferenceCommands.Run, "bench-prefill", "--model", dir.Path, "--untrained-scorer", "--data", data,
            "--image-size", "40x90", "--keep", "0.5", "--samples", "2", "--repeats", "1");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        var samples = BenchPrefillCommand.Samples(vlm, data, 2, TinyAnyRes.Wide);
        Assert.That(samples.Select(s => (s.Pixels.AnyRes!.ImageHeight, s.Pixels.AnyRes.ImageWidth)), Is.All.EqualTo(TinyAnyRes.Wide));
        vlm.Model.Dispose();
        var bad = CommandLineRun.Of(InferenceCommands.Run, "bench-prefill", "--model", dir.Path, "--untrained-scorer", "--data", data, "--image-size", "40by90");
        Assert.That((bad.ExitCode, bad.Error), Is.Not.EqualTo((0, "")));
        Assert.That(bad.Error, Does.Contain("--image-size").And.Contain("40by90"));
        Directory.Delete(data, recursive: true);
    }
}

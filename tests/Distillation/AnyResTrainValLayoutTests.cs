using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Model;
using AsymVLM.Tests.Cli;
using AsymVLM.Tests.Pipeline;
using AsymVLM.Training.Cli;
using StbImageWriteSharp;

namespace AsymVLM.Tests.Distillation;

/// <summary>The head is evaluated on the layout it trains on: a val split of another AnyRes layout is refused, naming both splits and layouts.</summary>
public class AnyResTrainValLayoutTests
{
    [Test]
    public void AValSplitOfAnotherLayoutIsRefusedNamingBothSplits()
    {
        using var teacher = new TinyAnyResTeacher(LlavaConfig.LlavaNext, VisionConfig.Clip);
        string val = Path.Combine(teacher.Root, "val-wide");
        var (height, width) = TinyAnyRes.Wide;
        foreach (var sample in SyntheticBenchmark.WriteDataset(val, datasetSeed: 12, count: 2))
        {
            using var png = File.Create(Manifest.ImagePath(Path.Combine(val, SyntheticBenchmark.ManifestFileName), sample));
            new ImageWriter().WritePng(TinyAnyRes.Image(TinyAnyRes.Wide, seed: 2).Pixels, width, height, ColorComponents.RedGreenBlue, png);
        }
        var run = CommandLineRun.Of(TrainingCommands.Run, teacher.TrainJson(val));
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain($"Data:Train ({teacher.Data.Dir})").And.Contain($"Data:Val ({val})")
            .And.Contain("4x4 + 8x8+newlines").And.Contain("4x4 + 4x10+newlines"));
        Assert.That(File.Exists(Path.Combine(teacher.ScorerDir, "scorer.json")), Is.False);
    }
}

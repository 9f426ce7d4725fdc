using AsymVLM.Inference.Scoring;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Distillation;

public class ScorerCheckpointTests
{
    static readonly ImportanceHeadConfig Head = new() { InputSize = 48, Width = 8, GridHeight = 4, GridWidth = 4, RowKernel = 3 };

    [Test]
    public void RoundTripsForItsTeacherAndRefusesAnother()
    {
        var dir = Directory.CreateTempSubdirectory("asymvlm-scorer-").FullName;
        manual_seed(3);
        var head = new ImportanceHead(Head);
        ScorerCheckpoint.Save(dir, head, new ScorerMetadata(Head, "teacher-a", "aaaaaaaaaaaaaaaa", new(), new() { ["kl"] = 0.5 }));

        var (loaded, metadata) = ScorerCheckpoint.Load(dir, "aaaaaaaaaaaaaaaa", CPU);
        Assert.That(metadata.TeacherName, Is.EqualTo("teacher-a"));
        Assert.That(metadata.Metrics["kl"], Is.EqualTo(0.5));
        foreach (var ((_, a), (_, b)) in head.named_parameters().Zip(loaded.named_parameters()))
            Assert.That(a.allclose(b, 0, 0), Is.True);

        Assert.That(() => ScorerCheckpoint.Load(dir, "bbbbbbbbbbbbbbbb", CPU),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("scorer.json").And.Message.Contains("teacher-a"));
    }
}

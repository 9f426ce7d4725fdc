using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Pipeline;
using AsymVLM.Training.Distillation;

namespace AsymVLM.Tests.Distillation;

/// <summary>A teacher pass stopped part-way (here by an unreadable image) keeps its finished chunks and resumes after them.</summary>
public class TeacherPassResumeTests
{
    static Vlm Teacher = null!;

    [OneTimeSetUp] public void CreateTeacher() => Teacher = TinyVlm.Create(seed: 5);

    static TeacherOptions Options(string cacheDir) => new() { ModelDir = ".", Layers = [1], BatchSize = 2, CacheDir = cacheDir };

    [Test]
    public void AnInterruptedPassResumesFromItsChunksToTheUninterruptedTargets()
    {
        string root = Directory.CreateTempSubdirectory("asymvlm-teacher-resume-").FullName;
        var data = new DatasetOptions { Dir = Path.Combine(root, "split") };
        SyntheticBenchmark.WriteDataset(data.Dir, 9, 10);
        var straight = TeacherPass.Ensure(Teacher, Options(Path.Combine(root, "straight")), data, chunkSamples: 4);

        // Sample 9 (the third chunk) cannot be read: the pass stops there, with chunks 0 and 1 on disk.
        var image = Manifest.ImagePath(data.Manifest, Manifest.Read(data.Manifest)[9]);
        var bytes = File.ReadAllBytes(image);
        File.WriteAllBytes(image, [1, 2, 3]);
        var options = Options(Path.Combine(root, "resumed"));
        Assert.That(() => TeacherPass.Ensure(Teacher, options, data, chunkSamples: 4), Throws.Exception.With.Message.Contains(Path.GetFileName(image)));
        var cacheDir = Directory.GetDirectories(options.CacheDir).Single();
        Assert.That(Directory.GetFiles(cacheDir).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "shard-0000-of-0001.chunk-00000.safetensors", "shard-0000-of-0001.chunk-00001.safetensors" }));

        // Mark chunk 0 (budget 99 everywhere), so the resumed targets show whether it was read back or recomputed.
        var chunk0 = Path.Combine(cacheDir, "shard-0000-of-0001.chunk-00000.safetensors");
        var kept = TeacherCache.Read(chunk0);
        AsymVLM.Data.SafeTensors.SafeTensorsWriter.Save(chunk0, (kept with { Budget = TorchSharp.torch.full_like(kept.Budget, 99) }).Named());
        File.WriteAllBytes(image, bytes);
        var resumed = TeacherPass.Ensure(Teacher, options, data, chunkSamples: 4);

        Assert.That(resumed.Indices.data<long>().ToArray(), Is.EqualTo(Enumerable.Range(0, 10).Select(i => (long)i)));
        Assert.That((resumed.Distribution - straight.Distribution).abs().max().item<float>(), Is.LessThan(1e-6f));
        var budgets = resumed.Budget.data<long>().ToArray();
        Assert.That(budgets[..4], Is.All.EqualTo(99), "chunk 0 is read back, not recomputed");
        Assert.That(budgets[4..], Is.EqualTo(straight.Budget.data<long>().ToArray()[4..]));
        Assert.That(Directory.GetFiles(cacheDir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "shard-0000-of-0001.safetensors" }), "chunks go once the shard is written");
    }
}

using System.Security.Cryptography;
using AsymVLM.Data.Benchmark;

namespace AsymVLM.Tests.Benchmark;

public class SyntheticBenchmarkTests
{
    [Test]
    public void RenderIsDeterministic()
    {
        for (int index = 0; index < 8; index++)
        {
            RenderedSample first = SyntheticBenchmark.Render(7, index), second = SyntheticBenchmark.Render(7, index);
            Assert.That(second.Sample, Is.EqualTo(first.Sample));
            Assert.That(second.Rgb, Is.EqualTo(first.Rgb));
        }
    }

    [Test]
    public void DifferentSeedsGiveDifferentSamples()
    {
        for (int index = 0; index < 8; index++)
        {
            RenderedSample a = SyntheticBenchmark.Render(1, index), b = SyntheticBenchmark.Render(2, index);
            Assert.That(b.Rgb, Is.Not.EqualTo(a.Rgb), $"index {index}");
            Assert.That(b.Sample.Id, Is.Not.EqualTo(a.Sample.Id));
        }
    }

    [Test]
    public void FamiliesCycleByIndexAndEveryTaskAppears()
    {
        var samples = Enumerable.Range(0, 200).Select(i => SyntheticBenchmark.Render(5, i).Sample).ToArray();
        for (int i = 0; i < samples.Length; i++)
        {
            Assert.That(samples[i].Family, Is.EqualTo(TaskFamilies.All[i % TaskFamilies.All.Count]));
            Assert.That(TaskFamilies.TasksOf(samples[i].Family), Does.Contain(samples[i].Task));
        }
        var allTasks = TaskFamilies.All.SelectMany(TaskFamilies.TasksOf);
        Assert.That(samples.Select(s => s.Task).Distinct(), Is.EquivalentTo(allTasks));
    }

    [Test]
    public void RegionsAreCellAlignedInsideTheImage()
    {
        for (int i = 0; i < 400; i++)
        {
            RenderedSample s = SyntheticBenchmark.Render(11, i);
            Assert.That(s.Width, Is.EqualTo(128));
            Assert.That(s.Height, Is.EqualTo(128));
            Assert.That(s.Rgb, Has.Length.EqualTo(128 * 128 * 3));
            bool zeroCount = s.Sample.Task == TaskFamilies.SceneCount && s.Sample.Answer == "0";
            Assert.That(s.Sample.Regions, zeroCount ? Is.Empty : Is.Not.Empty, s.Sample.Id);
            foreach (Box box in s.Sample.Regions)
            {
                Assert.That(box.FitsInside(s.Width, s.Height), Is.True, $"{s.Sample.Id}: {box}");
                Assert.That(new[] { box.X, box.Y, box.Width, box.Height }.All(v => v % CellGrid.CellSize == 0), Is.True, $"{s.Sample.Id}: {box}");
            }
        }
    }

    [Test]
    public void SampleSeedsOfTwoDatasetsNeverCollide()
    {
        var seeds = new HashSet<ulong>();
        foreach (int datasetSeed in new[] { 1, 3 })
            for (int index = 0; index < SampleRandom.MaxSamplesPerSeed; index++)
                seeds.Add(SampleRandom.SampleSeed(datasetSeed, index));
        Assert.That(seeds, Has.Count.EqualTo(2 * SampleRandom.MaxSamplesPerSeed));
        Assert.That(() => SampleRandom.SampleSeed(1, SampleRandom.MaxSamplesPerSeed), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void SplitsWithSeedsOneAndThreeShareNoImage()
    {
        var first = Enumerable.Range(0, 2000).Select(i => ImageHash(1, i)).ToHashSet();
        var shared = Enumerable.Range(0, 2000).Select(i => ImageHash(3, i)).Where(first.Contains).ToArray();
        Assert.That(first, Has.Count.EqualTo(2000), "duplicate images inside split 1");
        Assert.That(shared, Is.Empty);
    }

    private static string ImageHash(int datasetSeed, int index) =>
        Convert.ToHexString(SHA256.HashData(SyntheticBenchmark.Render(datasetSeed, index).Rgb));
}

using AsymVLM.Inference.Evaluation;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Pipeline;

namespace AsymVLM.Tests.Evaluation;

public class EvalRunnerTests
{
    TinyEvalSet set = null!;

    [OneTimeSetUp] public void WriteDataset() => set = new TinyEvalSet();
    [OneTimeTearDown] public void DeleteDataset() => set.Dispose();

    static readonly IReadOnlyList<EvalConfiguration> Configurations =
        EvalConfiguration.Expand(["random", "uniform"], [0.25], ["none"], [0], adaptive: false);

    static List<SampleOutcome> Run(IReadOnlyList<EvalSample> samples, int seed)
    {
        var vlm = TinyVlm.Create();
        return new EvalRunner(vlm, new AsymPipeline(vlm), maxNewTokens: 3, seed).Run(samples, Configurations);
    }

    [Test]
    public void OutcomesComeSampleBySampleInConfigurationOrder()
    {
        var reports = new List<(int Done, int Total)>();
        var vlm = TinyVlm.Create();
        var outcomes = new EvalRunner(vlm, new AsymPipeline(vlm), 3, seed: 0).Run(set.Samples, Configurations, (d, t) => reports.Add((d, t)));
        int n = set.Samples.Count, c = Configurations.Count;
        Assert.That(outcomes.Select(o => (o.Sample.Item.Id, o.Configuration)),
            Is.EqualTo(set.Samples.SelectMany(s => Configurations.Select(cfg => (s.Item.Id, cfg)))));
        Assert.That(reports, Is.EqualTo(Enumerable.Range(1, n * c).Select(d => (d, n * c))));
        Assert.That(outcomes.Where(o => o.Configuration.Selector != "none").Select(o => o.Kept.Length), Is.All.EqualTo(4));
        Assert.That(outcomes.Select(o => o.Score), Is.All.EqualTo(0.0).Or.EqualTo(1.0));
    }

    [Test]
    public void SameSeedGivesTheSameAnswersAndPatches()
    {
        var first = Run(set.Samples, seed: 7);
        var second = Run(set.Samples, seed: 7);
        Assert.That(second.Select(o => o.Answer), Is.EqualTo(first.Select(o => o.Answer)));
        Assert.That(second.Select(o => o.Kept), Is.EqualTo(first.Select(o => o.Kept)));
    }

    [Test]
    public void WorkersGiveTheSameOutcomesInTheSameOrder()
    {
        var vlm = TinyVlm.Create();
        var configurations = EvalConfiguration.Expand(["random", "none"], [0.25], ["asym", "none"], [4], adaptive: false);
        var one = new EvalRunner(vlm, new AsymPipeline(vlm), maxNewTokens: 6, seed: 3).Run(set.Samples, configurations);
        var reports = new System.Collections.Concurrent.ConcurrentBag<int>();
        var three = new EvalRunner(vlm, new AsymPipeline(vlm), maxNewTokens: 6, seed: 3)
            .Run(set.Samples, configurations, (done, _) => reports.Add(done), workers: 3);
        Assert.That(three.Select(o => (o.Sample.Item.Id, o.Configuration, o.Answer, string.Join(",", o.Kept))),
            Is.EqualTo(one.Select(o => (o.Sample.Item.Id, o.Configuration, o.Answer, string.Join(",", o.Kept)))));
        Assert.That(reports.Order(), Is.EqualTo(Enumerable.Range(1, one.Count)), "every request reported once");
    }

    [Test]
    public void RandomSelectorDrawsOtherPatchesPerSampleAndPerSeed()
    {
        static List<long[]> RandomKept(List<SampleOutcome> outcomes) =>
            outcomes.Where(o => o.Configuration.Selector == "random").Select(o => o.Kept.Order().ToArray()).ToList();
        var seven = RandomKept(Run(set.Samples, seed: 7));
        Assert.That(seven.Select(k => string.Join(",", k)).Distinct().Count(), Is.GreaterThan(1), "one subset for every image");
        Assert.That(RandomKept(Run(set.Samples.Take(1).ToList(), seed: 8))[0], Is.Not.EqualTo(seven[0]));
    }

    [Test]
    public void UnknownNamesAreRefusedBeforeAnyRequest()
    {
        var vlm = TinyVlm.Create();
        var runner = new EvalRunner(vlm, new AsymPipeline(vlm), 3, seed: 0);
        var requests = 0;
        var learned = Assert.Throws<ArgumentException>(() => runner.Run(set.Samples,
            [EvalConfiguration.Unpruned, new EvalConfiguration("learned", 0.25, false, "none", 0)], (_, _) => requests++));
        Assert.That(learned!.Message, Does.Contain("'learned'").And.Contain("--scorer"));
        var policy = Assert.Throws<ArgumentException>(() => runner.Validate([new EvalConfiguration("none", 1, false, "lru", 4)]));
        Assert.That(policy!.Message, Does.Contain("'lru'"));
        Assert.That(requests, Is.Zero);
    }
}

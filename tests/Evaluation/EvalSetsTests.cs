using AsymVLM.Inference.Evaluation;

namespace AsymVLM.Tests.Evaluation;

public class EvalSetsTests
{
    [Test]
    public void TaskKeepsOnlyThatTasksSamplesOfABenchmarkFolder()
    {
        using var set = new TinyEvalSet();
        var reading = EvalSets.Load(set.Path, task: "read_line", imageFolder: null, limit: 0);
        Assert.That(reading, Has.Count.EqualTo(set.Samples.Count(s => s.Family == "reading")).And.Count.GreaterThan(0));
        Assert.That(reading.Select(s => s.Family).Distinct(), Is.EqualTo(new[] { "reading" }));
    }

    [Test]
    public void AnUnknownTaskIsAnErrorNamingIt()
    {
        using var set = new TinyEvalSet();
        Assert.That(() => EvalSets.Load(set.Path, task: "read_lines", imageFolder: null, limit: 0),
            Throws.ArgumentException.With.Message.Contains("read_lines").And.Message.Contains("read_line"));
    }

    [Test]
    public void FamiliesKeepOnlyThoseFamiliesAndAnUnknownOneIsNamed()
    {
        using var set = new TinyEvalSet();
        var kept = EvalSets.Load(set.Path, task: null, imageFolder: null, limit: 0, families: ["charts", "reading"]);
        Assert.That(kept.Select(s => s.Family).Distinct(), Is.EquivalentTo(new[] { "charts", "reading" }));
        Assert.That(kept, Has.Count.EqualTo(set.Samples.Count(s => s.Family is "charts" or "reading")));
        Assert.That(() => EvalSets.Load(set.Path, null, null, 0, ["chart"]), Throws.ArgumentException.With.Message.Contains("chart"));
    }
}

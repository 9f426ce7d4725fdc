using AsymVLM.Training.Distillation;

namespace AsymVLM.Tests.Distillation;

/// <summary>Every setting that changes the cached targets changes the cache key (a stale hit would train on wrong targets).</summary>
public class TeacherCacheKeyTests
{
    static string manifest = "";

    [OneTimeSetUp]
    public void WriteManifest()
    {
        manifest = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-cache-key-").FullName, "manifest.jsonl");
        File.WriteAllText(manifest, "{\"id\": \"a\"}\n");
    }

    [OneTimeTearDown]
    public void DeleteManifest() => Directory.Delete(Path.GetDirectoryName(manifest)!, recursive: true);

    static TeacherOptions Baseline() => new() { ModelDir = ".", Layers = [3] };

    static string Key(TeacherOptions options, string? selection = null, string hash = "hash") => new TeacherCache("runs/cache", hash, manifest, selection ?? new DatasetOptions().Selection, options).Key;

    [Test]
    public void EverySignalAndSettingGetsItsOwnKey()
    {
        var variants = new Dictionary<string, Action<TeacherOptions>>
        {
            ["baseline"] = _ => { },
            ["rollout"] = o => o.Signal = TeacherOptions.RolloutSignal,
            ["gradient"] = o => o.Signal = TeacherOptions.GradientSignal,
            ["layers"] = o => o.Layers = [3, 4],
            ["queries"] = o => o.Queries = "question",
            ["mass"] = o => o.MassThreshold = 0.99,
            ["loss budget"] = o => o.BudgetTarget = TeacherOptions.LossBudget,
            ["loss budget, tolerance"] = o => { o.BudgetTarget = TeacherOptions.LossBudget; o.LossTolerance = 0.2; },
            ["loss budget, ladder"] = o => { o.BudgetTarget = TeacherOptions.LossBudget; o.BudgetLadder = [16, 64]; },
            ["rollout, loss budget"] = o => { o.Signal = TeacherOptions.RolloutSignal; o.BudgetTarget = TeacherOptions.LossBudget; },
        };
        var keys = variants.ToDictionary(v => v.Key, v => { var o = Baseline(); v.Value(o); return Key(o); });
        keys["Data:*:Limit"] = Key(Baseline(), selection: new DatasetOptions { Limit = 10 }.Selection);
        keys["Data:*:Families"] = Key(Baseline(), selection: new DatasetOptions { Families = ["charts"] }.Selection);
        keys["teacher hash"] = Key(Baseline(), hash: "other");
        Assert.That(keys.Values.Distinct().Count(), Is.EqualTo(keys.Count), string.Join("\n", keys.Select(k => $"{k.Key}: {k.Value}")));
    }

    [Test]
    public void SettingsThatDoNotChangeTheTargetsKeepTheKey()
    {
        var tolerance = Baseline();
        tolerance.LossTolerance = 0.5;   // unused by the mass budget
        var batch = Baseline();
        batch.BatchSize = 3;
        var explicitLadder = Baseline();
        explicitLadder.BudgetTarget = TeacherOptions.LossBudget;
        explicitLadder.BudgetLadder = [.. TeacherOptions.DefaultBudgetLadder];
        var defaultLadder = Baseline();
        defaultLadder.BudgetTarget = TeacherOptions.LossBudget;
        Assert.That(Key(tolerance), Is.EqualTo(Key(Baseline())));
        Assert.That(Key(explicitLadder), Is.EqualTo(Key(defaultLadder)));
        Assert.That(Key(batch), Is.EqualTo(Key(Baseline())));
    }
}

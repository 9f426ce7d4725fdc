<<<<<<< HEAD
=======
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
>>>>>>> 404595b (Teacher signals chosen by Teacher:Signal (attention, rollout, gradient) and a loss-ladder budget target (Teacher:BudgetTarget=loss))
using AsymVLM.Training.Distillation;

namespace AsymVLM.Tests.Distillation;

<<<<<<< HEAD
/// <summary>Every setting that changes the cached targets changes the cache key (a stale hit would train on wrong targets).</summary>
public class TeacherCacheKeyTests
{
    static readonly string Manifest = Write("manifest.jsonl", "{\"id\": \"a\"}\n");

    static string Write(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-cache-").FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    static TeacherOptions Options() => new() { Layers = [3], Queries = "question_and_answer", MassThreshold = 0.9 };

    static string Key(string hash = "h", string? manifest = null, int limit = 0, TeacherOptions? options = null) =>
        new TeacherCache("cache", hash, manifest ?? Manifest, limit, options ?? Options()).Key;

    [Test]
    public void EachSettingChangesTheKey()
    {
        var baseline = Key();
        Assert.That(Key(), Is.EqualTo(baseline), "the key is a pure function of the settings");
        var changed = new Dictionary<string, string>
        {
            ["teacher hash"] = Key(hash: "other"),
            ["manifest bytes"] = Key(manifest: Write("manifest.jsonl", "{\"id\": \"b\"}\n")),
            ["Data:*:Limit"] = Key(limit: 10),
            ["Teacher:Layers"] = Key(options: new TeacherOptions { Layers = [4], Queries = "question_and_answer", MassThreshold = 0.9 }),
            ["Teacher:Queries"] = Key(options: new TeacherOptions { Layers = [3], Queries = "question", MassThreshold = 0.9 }),
            ["Teacher:MassThreshold"] = Key(options: new TeacherOptions { Layers = [3], Queries = "question_and_answer", MassThreshold = 0.8 }),
        };
        foreach (var (setting, key) in changed) Assert.That(key, Is.Not.EqualTo(baseline), setting);
=======
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

    static string Key(TeacherOptions options) => new TeacherCache("runs/cache", "hash", manifest, options).Key;

    [Test]
    public void TheDefaultSignalKeepsTodaysKey()
    {
        // The key before teacher signals were configurable: these three settings, serialized in this order.
        var settings = JsonSerializer.Serialize(new { Layers = new[] { 3 }, Queries = "question_and_answer", MassThreshold = 0.9 });
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes("hash\n" + settings + "\n"));
        sha.AppendData(File.ReadAllBytes(manifest));
        Assert.That(Key(Baseline()), Is.EqualTo(Convert.ToHexStringLower(sha.GetHashAndReset())[..16]));
    }

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
>>>>>>> 404595b (Teacher signals chosen by Teacher:Signal (attention, rollout, gradient) and a loss-ladder budget target (Teacher:BudgetTarget=loss))
    }
}

using AsymVLM.Training.Distillation;

namespace AsymVLM.Tests.Distillation;

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
    }
}

using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// A dataset folder (<c>manifest.jsonl</c> + images). For the synthetic benchmark, <c>Seed</c> and
/// <c>Count</c> let a fresh clone generate a missing split instead of shipping it.
/// </summary>
public sealed class DatasetOptions : IValidatedOptions
{
    public string Dir { get; set; } = "";
    public int? Seed { get; set; }
    public int? Count { get; set; }
    /// <summary>Use at most this many samples (0 = all).</summary>
    public int Limit { get; set; }
    /// <summary>Only these families' samples (empty = all): a teacher that never learned a family gives it no signal.</summary>
    public string[] Families { get; set; } = [];

    /// <summary>Whether a manifest row at an index is used.</summary>
    public bool Uses(long index, string family) => (Limit == 0 || index < Limit) && (Families.Length == 0 || Families.Contains(family));

    /// <summary>What selects the used rows, for the teacher cache's key.</summary>
    public string Selection => $"limit {Limit} families {string.Join(",", Families)}";

    public string Manifest => Path.Combine(Dir, "manifest.jsonl");

    public void Validate(string section)
    {
        Require.NotEmpty(Dir, $"{section}:Dir");
        if (Count is <= 0) throw new ConfigurationException($"{section}:Count must be > 0, got {Count}.");
        if (!File.Exists(Manifest) && (Seed is null || Count is null))
            throw new ConfigurationException($"{section}:Dir: '{Manifest}' does not exist (set {section}:Seed and {section}:Count to generate the synthetic benchmark there).");
        Require.InRange(Limit, 0, int.MaxValue, $"{section}:Limit");
        // A split generated earlier with another Count would be used silently as it is.
        if (File.Exists(Manifest) && Seed is not null && Count is { } count && File.ReadLines(Manifest).Count(l => l.Trim().Length > 0) is var rows && rows != count)
            throw new ConfigurationException($"{section}:Count is {count}, but '{Manifest}' holds {rows} samples; delete '{Dir}' to generate the split anew, or set the count it has.");
        foreach (var family in Families.Where(f => !AsymVLM.Data.Benchmark.TaskFamilies.IsFamily(f)))
            throw new ConfigurationException($"{section}:Families: unknown family '{family}' (known: {string.Join(", ", AsymVLM.Data.Benchmark.TaskFamilies.All)}).");
    }
}

using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Datasets;

namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// Loads an evaluation set: a benchmark folder (<c>manifest.jsonl</c>, scored by exact match; <c>task</c>, when given,
/// keeps only that task's samples), a Parquet file in the HF datasets layout, or a LLaVA conversation JSON (both scored by their task's official metric).
/// </summary>
public static class EvalSets
{
    /// <param name="families">when given, only these families' samples (a sweep can leave out the long-answer one)</param>
    public static IReadOnlyList<EvalSample> Load(string path, string? task, string? imageFolder, int limit, IReadOnlyCollection<string>? families = null)
    {
        IEnumerable<EvalSample> samples;
        if (Directory.Exists(path))
        {
            string manifest = Path.Combine(path, SyntheticBenchmark.ManifestFileName);
            var entries = Manifest.Read(manifest).ToList();
            if (task is not null && entries.All(s => s.Task != task))
                throw new ArgumentException($"--task '{task}': no sample of {manifest} has it (tasks: {string.Join(", ", entries.Select(s => s.Task).Distinct())}).");
            samples = entries.Where(s => task is null || s.Task == task).Select(s => new EvalSample(
                new EvalItem(s.Id, new ImageFile(Manifest.ImagePath(manifest, s)), s.Question, [s.Answer], "exact_match"), s.Family, s.Regions));
        }
        else if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            string t = task ?? throw new ArgumentException("A Parquet dataset needs --task (textvqa, docvqa, chartqa, ...).");
            samples = ParquetVqaReader.ReadAsync(path, t).ToBlockingEnumerable().Select(i => new EvalSample(i, t));
        }
        else if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            string t = task ?? throw new ArgumentException("A LLaVA JSON dataset needs --task.");
            string images = imageFolder ?? throw new ArgumentException("A LLaVA JSON dataset needs --images DIR.");
            samples = LlavaConversationReader.Read(path, images, t).Select(i => new EvalSample(i, t));
        }
        else throw new ArgumentException($"--data '{path}' is neither a dataset folder with {SyntheticBenchmark.ManifestFileName}, a .parquet file nor a LLaVA .json file.");
        if (families is { Count: > 0 })
        {
            var all = samples.ToList();
            var unknown = families.Where(f => all.All(s => s.Family != f)).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"--families: no sample of '{path}' is of {string.Join(", ", unknown)} (families: {string.Join(", ", all.Select(s => s.Family).Distinct())}).");
            samples = all.Where(s => families.Contains(s.Family));
        }
        return (limit > 0 ? InterleavedPrefix(samples, limit) : samples).ToList();
    }

    /// <summary>The first <paramref name="limit"/> samples of each family, so a limited run stays balanced.</summary>
    static IEnumerable<EvalSample> InterleavedPrefix(IEnumerable<EvalSample> samples, int limit) =>
        samples.GroupBy(s => s.Family).SelectMany(g => g.Take(limit));
}

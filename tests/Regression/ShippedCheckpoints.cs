using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Scoring;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// The shipped reference VLM, its distilled scorer and the committed test split, loaded once for all
/// regression checks. Paths are found from the test binary upwards, so the tests run from any folder.
/// </summary>
public sealed class ShippedCheckpoints
{
    static readonly Lazy<ShippedCheckpoints> Instance = new(() => new ShippedCheckpoints());
    public static ShippedCheckpoints Load() => Instance.Value;

    public Vlm Vlm { get; }
    public ImportanceHead Head { get; }
    public AsymPipeline Pipeline { get; }
    public IReadOnlyList<(BenchmarkSample Sample, Tensor Pixels)> TestSplit { get; }

    ShippedCheckpoints()
    {
        string root = RepositoryRoot();
        Vlm = VlmLoader.Load(Path.Combine(root, "checkpoints", "reference-vlm"), ComputeTarget.Cpu);
        Head = ScorerCheckpoint.Load(Path.Combine(root, "checkpoints", "reference-scorer"), Vlm.Hash, CPU).Head;
        Pipeline = new AsymPipeline(Vlm, Head);
        string manifest = Path.Combine(root, "datasets", "test", SyntheticBenchmark.ManifestFileName);
        TestSplit = Manifest.Read(manifest).Select(s => (s, Vlm.Images.FromFile(Manifest.ImagePath(manifest, s)))).ToList();
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AsymVLM.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("AsymVLM.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Samples per family the accuracy checks measure on: the first 25 of each (README, results/vision).</summary>
    public const int PerFamily = 25;

    /// <summary>Exact-match accuracy and mean kept vision tokens per request.</summary>
    public sealed record Measured(double Accuracy, double KeptTokens);

    /// <summary>
    /// <see cref="Measured"/> for a vision selector and budget (and a text policy at a text budget), greedy decoding, over
    /// the first <see cref="PerFamily"/> samples of each given family. Results are kept per configuration: several checks
    /// share a baseline.
    /// </summary>
    public Measured Measure(string selector, VisionBudget budget, IReadOnlyCollection<string> families, string textPolicy = "none", int textBudget = 0)
    {
        var key = $"{selector}|{budget}|{textPolicy}@{textBudget}|{string.Join(",", families.Order())}";
        var options = new RequestOptions
        {
            Selector = selector, Budget = budget, TextPolicy = textPolicy, TextBudget = textBudget,
            Generation = new GenerationOptions { MaxNewTokens = 24 },
        };
        lock (measured)
        {
            if (measured.TryGetValue(key, out var known)) return known;
            var rows = TestSplit.Where(s => families.Contains(s.Sample.Family)).GroupBy(s => s.Sample.Family).SelectMany(g => g.Take(PerFamily)).ToList();
            var results = rows.Select(r => (r.Sample, Result: Pipeline.Ask(r.Pixels, r.Sample.Question, options))).ToList();
            return measured[key] = new Measured(results.Average(r => r.Result.Answer == r.Sample.Answer ? 1.0 : 0.0),
                results.Average(r => r.Result.Stats.VisionTokensKept));
        }
    }

    readonly Dictionary<string, Measured> measured = new();
}

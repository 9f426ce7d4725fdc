using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Metrics;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Scoring;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// The shipped reference VLM and the committed test split, loaded once for all regression checks, with either the
/// shipped scorer or the negative control: a scorer of the same configuration and metadata left at its random
/// initialization, which every scorer-dependent check must fail (a check it passes cannot tell a trained scorer from
/// none). Paths are found from the test binary upwards, so the tests run from any folder.
/// </summary>
public sealed class ShippedCheckpoints
{
    sealed record Shared(Vlm Vlm, IReadOnlyList<(BenchmarkSample Sample, Tensor Pixels)> TestSplit);

    static readonly Lazy<Shared> Files = new(() =>
    {
        string root = RepositoryRoot();
        var vlm = VlmLoader.Load(Path.Combine(root, "checkpoints", "reference-vlm"), ComputeTarget.Cpu);
        string manifest = Path.Combine(root, "datasets", "test", SyntheticBenchmark.ManifestFileName);
        var split = Manifest.Read(manifest).Select(s => (s, vlm.Images.FromFile(Manifest.ImagePath(manifest, s)).Pixels)).ToList();
        return new Shared(vlm, split);
    });

    static readonly Dictionary<ScorerKind, ShippedCheckpoints> Loaded = new();

    /// <summary>The shipped model with the shipped scorer (<c>checkpoints/reference-scorer</c>).</summary>
    public static ShippedCheckpoints Load() => For(ScorerKind.Shipped);

    /// <summary>
    /// The shipped model with the shipped scorer (<see cref="ScorerKind.Shipped"/>) or with a random-init scorer of its
    /// configuration (<see cref="ScorerKind.RandomInit"/>, the negative control); loaded once each.
    /// </summary>
    public static ShippedCheckpoints For(ScorerKind kind)
    {
        lock (Loaded)
        {
            if (Loaded.TryGetValue(kind, out var known)) return known;
            var vlm = Files.Value.Vlm;
            var (head, metadata) = ScorerCheckpoint.Load(Path.Combine(RepositoryRoot(), "checkpoints", "reference-scorer"), vlm.Hash, CPU);
            if (kind == ScorerKind.RandomInit)
            {
                manual_seed(1);
                head = new ImportanceHead(metadata.Head);
            }
            return Loaded[kind] = new ShippedCheckpoints(head, metadata);
        }
    }

    public enum ScorerKind { Shipped, RandomInit }

    public Vlm Vlm => Files.Value.Vlm;
    public ScorerMetadata Metadata { get; }
    public ImportanceHead Head { get; }
    public AsymPipeline Pipeline { get; }
    public IReadOnlyList<(BenchmarkSample Sample, Tensor Pixels)> TestSplit => Files.Value.TestSplit;

    ShippedCheckpoints(ImportanceHead head, ScorerMetadata metadata)
    {
        Head = head;
        Metadata = metadata;
        Pipeline = new AsymPipeline(Vlm, head);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AsymVLM.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("AsymVLM.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Samples per family the checks measure on: the first 25 of each of the committed test split.</summary>
    public const int PerFamily = 25;

    /// <summary>The families whose answers are short: the vision checks run on these (the long-answer one is the text checks').</summary>
    public static readonly string[] ShortAnswerFamilies = [TaskFamilies.Documents, TaskFamilies.Charts, TaskFamilies.Scenes, TaskFamilies.Reading];

    /// <summary>Exact-match accuracy, mean edit similarity and mean kept vision tokens per request.</summary>
    public sealed record Measured(double Accuracy, double Similarity, double KeptTokens);

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
            Generation = new GenerationOptions { MaxNewTokens = 160 },
        };
        lock (measured)
        {
            if (measured.TryGetValue(key, out var known)) return known;
            var rows = TestSplit.Where(s => families.Contains(s.Sample.Family)).GroupBy(s => s.Sample.Family).SelectMany(g => g.Take(PerFamily)).ToList();
            var results = rows.Select(r => (r.Sample, Result: Pipeline.Ask(r.Pixels, r.Sample.Question, options))).ToList();
            var similarity = new EditSimilarity();
            return measured[key] = new Measured(results.Average(r => r.Result.Answer == r.Sample.Answer ? 1.0 : 0.0),
                results.Average(r => similarity.Score(r.Result.Answer, [r.Sample.Answer])), results.Average(r => r.Result.Stats.VisionTokensKept));
        }
    }

    readonly Dictionary<string, Measured> measured = new();
}

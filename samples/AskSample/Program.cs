using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Engine;
using AsymVLM.Inference.Pipeline;

// The shipped reference VLM and its scorer answer the first question of the test split.
// Run from a clone of AsymVLM, or pass the clone's path.
string root = args.Length > 0 ? args[0] : ".";
string manifest = Path.Combine(root, "datasets", "test", "manifest.jsonl");
try
{
    BenchmarkSample sample = Manifest.Read(manifest)[0];
    using var engine = VlmEngine.Load(Path.Combine(root, "checkpoints", "reference-vlm"), Path.Combine(root, "checkpoints", "reference-scorer"));
    var options = new RequestOptions { Selector = "learned", Budget = VisionBudget.OfRatio(0.25), Generation = new() { MaxNewTokens = 16 } };
    AskResult result = await engine.AskAsync(ImageSource.FromFile(Manifest.ImagePath(manifest, sample)), sample.Question, options);
    Console.WriteLine($"{sample.Question} -> {result.Answer} (expected {sample.Answer}; kept {result.Stats.VisionTokensKept}/{result.Stats.VisionTokensTotal} vision tokens)");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"AskSample failed: {e.Message}");
    return 1;
}

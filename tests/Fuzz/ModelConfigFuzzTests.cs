using System.Text.Json.Nodes;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;
using AsymVLM.Tests.Pipeline;

namespace AsymVLM.Tests.Fuzz;

/// <summary>
/// A tiny model's config.json mutated (one value set to an edge value, removed or retyped; or its text damaged) and
/// loaded with its checkpoint: a clear error, or a model whose config passes validation and matches the checkpoint.
/// </summary>
public class ModelConfigFuzzTests
{
    [Test]
    public void MutatedConfigsGiveAClearErrorOrAValidModel()
    {
        using var seed = new TinyModelDirectory();
        string seedConfig = File.ReadAllText(seed.File(ModelDirectory.ConfigFile));
        using var scratch = new FuzzScratch();
        var oracle = new ClearErrorOracle();
        for (int i = 0; i < FuzzCaseCounts.ModelConfig; i++)
        {
            var mutator = new Mutator(i);
            string text = seedConfig, what;
            if (mutator.Next(4) == 0)
            {
                what = mutator.MutateText(ref text);
            }
            else
            {
                var json = JsonNode.Parse(text)!;
                what = mutator.MutateJson(json);
                text = json.ToJsonString();
            }
            string dir = scratch.Folder($"case{i}");
            string configPath = Path.Combine(dir, ModelDirectory.ConfigFile);
            File.WriteAllText(configPath, text);
            File.Copy(seed.File(ModelDirectory.WeightsFile), Path.Combine(dir, ModelDirectory.WeightsFile));
            oracle.Run($"case {i} ({what})", dir, () =>
            {
                using var model = ModelLoader.Load(dir, ComputeTarget.Cpu);
                model.Config.Validate(configPath);
                Assert.That(model.parameters().All(p => p.isfinite().all().item<bool>()), Is.True, $"case {i}: non-finite weights");
            });
        }
        oracle.AssertAllClear(FuzzCaseCounts.ModelConfig);
    }
}

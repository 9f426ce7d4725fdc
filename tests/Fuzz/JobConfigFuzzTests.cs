using System.Text.Json.Nodes;
using AsymVLM.Tests.Pipeline;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Distillation;
using AsymVLM.Training.Pretraining;

namespace AsymVLM.Tests.Fuzz;

/// <summary>
/// The shipped train.json and pretrain.json mutated (one value set to an edge value, removed or retyped; or the text
/// damaged) and bound as their jobs bind them: a configuration error that names the file, section or key at fault, or a
/// job whose every section passed validation. Nothing is allocated from a config, so a model too large for the machine
/// must be refused here.
/// </summary>
public class JobConfigFuzzTests
{
    [Test]
    public void MutatedDistillConfigsGiveAClearErrorOrAValidJob()
    {
        using var teacher = new TinyModelDirectory();
        var seed = JsonNode.Parse(File.ReadAllText(Path.Combine(Regression.ShippedCheckpoints.RepositoryRoot(), "train.json")))!;
        seed["Teacher"]!["ModelDir"] = teacher.Path; // absolute, so a case does not depend on the working directory
        Fuzz(seed, FuzzCaseCounts.DistillConfig, ["Job", "Teacher", "Data", "Head", "Loss", "Training", "Output"],
            (path, config) => DistillJobConfig.Bind(path, config));
    }

    [Test]
    public void MutatedPretrainConfigsGiveAClearErrorOrAValidJob()
    {
        var seed = JsonNode.Parse(File.ReadAllText(Path.Combine(Regression.ShippedCheckpoints.RepositoryRoot(), "checkpoints", "reference-vlm", "pretrain.json")))!;
        Fuzz(seed, FuzzCaseCounts.PretrainConfig, ["Job", "Model", "Loss", "Training", "Data", "Output"],
            (path, config) => PretrainJobConfig.Bind(path, config));
    }

    static void Fuzz(JsonNode seed, int cases, string[] sections, Action<string, Microsoft.Extensions.Configuration.IConfigurationRoot> bind)
    {
        using var scratch = new FuzzScratch();
        var oracle = new ClearErrorOracle();
        for (int i = 0; i < cases; i++)
        {
            var mutator = new Mutator(i);
            string text = seed.ToJsonString(), what;
            if (mutator.Next(4) == 0)
                what = mutator.MutateText(ref text);
            else
            {
                var json = seed.DeepClone();
                what = mutator.MutateJson(json);
                text = json.ToJsonString();
            }
            string path = Path.Combine(scratch.Folder($"case{i}"), "job.json");
            File.WriteAllText(path, text);
            oracle.Run($"case {i} ({what})", () => bind(path, JobConfiguration.Build(path, [])),
                e => e is ConfigurationException,
                message => message.Contains(path, StringComparison.Ordinal) || sections.Any(s => message.Contains(s, StringComparison.Ordinal)),
                "the file or a section");
        }
        oracle.AssertAllClear(cases);
    }
}

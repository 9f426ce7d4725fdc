using System.Text.Json.Nodes;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Pretraining;

namespace AsymVLM.Tests.Pretraining;

public class PretrainJobConfigTests
{
    static string Write(Action<JsonNode> edit)
    {
        string root = Regression.ShippedCheckpoints.RepositoryRoot();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "checkpoints", "reference-vlm", "pretrain.json")))!;
        // The shipped config is a fine-tune whose InitFrom, like every path in it, is relative to the repository root.
        if (json["Model"]?["InitFrom"] is JsonNode initFrom) json["Model"]!["InitFrom"] = Path.Combine(root, initFrom.GetValue<string>());
        edit(json);
        var path = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-pretrain-config-").FullName, "pretrain.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    static PretrainJobConfig Bind(string path) => PretrainJobConfig.Bind(path, JobConfiguration.Build(path, []));

    [Test]
    public void TheShippedConfigBinds() => Assert.That(Bind(Write(_ => { })).Model.TextLayers, Is.GreaterThan(0));

    [Test]
    public void AModelTooLargeToTrainHereIsRefusedBeforeAllocation()
    {
        // 64 layers of width 32768: about 770 billion parameters, far past any machine's memory and under the config limits.
        var path = Write(j => { j["Model"]!["TextHidden"] = 32768; j["Model"]!["TextHeads"] = 64; j["Model"]!["TextKvHeads"] = 64; j["Model"]!["TextLayers"] = 64; j["Model"]!["TextIntermediate"] = 32768; });

        Assert.That(() => Bind(path), Throws.InstanceOf<ConfigurationException>().With.Message.Contains(path).And.Message.Contains("GiB"));
    }

    [Test]
    public void AQueryLayerPastTheDecoderOrASharedProbeWithoutOwnersIsAnErrorNamingTheKey()
    {
        var past = Write(j => { j["Loss"]!["QueryWeight"] = 1.0; j["Loss"]!["QueryLayers"] = new JsonArray(6); });
        Assert.That(() => Bind(past), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Loss:QueryLayers"));
        var shared = Write(j => { j["Loss"]!["QuerySharesOwnerProbe"] = true; j["Loss"]!["QueryWeight"] = 1.0; j["Loss"]!["OwnerWeight"] = 0.0; });
        Assert.That(() => Bind(shared), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Loss:QuerySharesOwnerProbe"));
    }

    [Test]
    public void ALossLayerPastTheDecoderIsAnErrorNamingTheKey()
    {
        var path = Write(j => { j["Loss"]!["OwnerWeight"] = 1.0; j["Loss"]!["OwnerLayers"] = new JsonArray(0, 6); });

        Assert.That(() => Bind(path), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Loss:OwnerLayers"));
        var question = Write(j => { j["Loss"]!["QuestionGroundingWeight"] = 1.0; j["Loss"]!["QuestionGroundingLayer"] = 6; });
        Assert.That(() => Bind(question), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Loss:QuestionGroundingLayer"));
        var reads = Write(j => { j["Loss"]!["QuestionReadWeight"] = 1.0; j["Loss"]!["QuestionReadLayer"] = 6; });
        Assert.That(() => Bind(reads), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Loss:QuestionReadLayer"));
        var recalls = Write(j => { j["Loss"]!["QuestionRecallWeight"] = 1.0; j["Loss"]!["QuestionRecallLayer"] = 6; });
        Assert.That(() => Bind(recalls), Throws.InstanceOf<ConfigurationException>().With.Message.Contains("Loss:QuestionRecallLayer"));
    }
}

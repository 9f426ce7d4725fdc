using System.Text.Json.Nodes;
using AsymVLM.Inference.Model;

namespace AsymVLM.Tests.Model;

/// <summary>config.json values the model cannot be built or run with are refused at load, naming the file and key.</summary>
public class ConfigValidationTests
{
    /// <summary>The tiny config's JSON with one value replaced (section null: the top level); a null value removes the key.</summary>
    static string WriteWith(string? section, string key, JsonNode? value)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-cfg-").FullName, "config.json");
        TinyConfigs.Llava().Save(path);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var target = section is null ? json : json[section]!.AsObject();
        if (value is null) target.Remove(key);
        else target[key] = value;
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    static IEnumerable<TestCaseData> BadValues()
    {
        TestCaseData Case(string? section, string key, JsonNode? value, string mention) =>
            new TestCaseData(section, key, value?.ToJsonString(), mention).SetArgDisplayNames($"{section}.{key}={value?.ToJsonString() ?? "absent"}");

        yield return Case("text_config", "hidden_size", 0, "text_config.hidden_size");
        yield return Case("text_config", "vocab_size", -1, "text_config.vocab_size");
        yield return Case("text_config", "intermediate_size", 0, "text_config.intermediate_size");
        yield return Case("text_config", "num_attention_heads", 0, "text_config.num_attention_heads");
        yield return Case("text_config", "num_key_value_heads", 3, "text_config.num_key_value_heads");
        yield return Case("text_config", "num_key_value_heads", 0, "text_config.num_key_value_heads");
        yield return Case("text_config", "head_dim", 7, "text_config.head_dim");
        yield return Case("text_config", "rms_norm_eps", 0, "text_config.rms_norm_eps");
        yield return Case("text_config", "rms_norm_eps", -1e-5, "text_config.rms_norm_eps");
        yield return Case("text_config", "rope_theta", 0, "text_config.rope_theta");
        yield return Case("text_config", "rope_theta", 1e-300, "text_config.rope_theta");
        yield return Case("text_config", "num_hidden_layers", 100_000, "text_config.num_hidden_layers");
        yield return Case("text_config", "max_position_embeddings", 0, "text_config.max_position_embeddings");
        yield return Case("text_config", "hidden_act", "swish", "text_config.hidden_act");
        yield return Case("vision_config", "model_type", "dinov2", "vision_config.model_type 'dinov2'");
        yield return Case("vision_config", "model_type", "siglip_vision_model", "vision_feature_select_strategy 'default'");
        yield return Case(null, "model_type", "qwen2_vl", "model_type 'qwen2_vl'");
        yield return Case(null, "model_type", "llava_next", "image_grid_pinpoints holds [336, 672]");
        yield return Case("vision_config", "hidden_size", 30, "vision_config.hidden_size");
        yield return Case("vision_config", "num_attention_heads", -4, "vision_config.num_attention_heads");
        yield return Case("vision_config", "image_size", 30, "vision_config.image_size");
        yield return Case("vision_config", "patch_size", 0, "vision_config.patch_size");
        yield return Case("vision_config", "num_hidden_layers", 100_000, "vision_config.num_hidden_layers");
        yield return Case("vision_config", "num_channels", 4, "vision_config.num_channels");
        yield return Case("vision_config", "layer_norm_eps", 0, "vision_config.layer_norm_eps");
        yield return Case(null, "vision_feature_layer", new JsonArray(), "vision_feature_layer");
        yield return Case(null, "vision_feature_layer", 3, "vision_feature_layer 3");
        yield return Case(null, "vision_feature_layer", new JsonArray("a"), "vision_feature_layer");
        yield return Case(null, "vision_feature_layer", new JsonArray((JsonNode?)null), "vision_feature_layer");
        yield return Case(null, "image_token_index", 97, "image_token_index 97");
        yield return Case(null, "image_token_index", -1, "image_token_index -1");
    }

    [TestCaseSource(nameof(BadValues))]
    public void BadValueNamesTheFileAndKey(string? section, string key, string? value, string mention)
    {
        var path = WriteWith(section, key, value is null ? null : JsonNode.Parse(value));
        Assert.That(() => LlavaConfig.Load(path),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains(mention));
    }

    [Test]
    public void HiddenSizeMustDivideByHeadsWhenHeadDimIsDerived()
    {
        var path = WriteWith("text_config", "head_dim", null);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["text_config"]!["hidden_size"] = 50;
        File.WriteAllText(path, json.ToJsonString());
        Assert.That(() => LlavaConfig.Load(path),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("text_config.hidden_size (50)").And.Message.Contains("num_attention_heads (4)"));
    }

    [Test]
    public void AModelOverTheParameterLimitIsRefusedBeforeAllocating()
    {
        var path = WriteWith("text_config", "vocab_size", ConfigChecks.MaxDimension);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["text_config"]!["hidden_size"] = ConfigChecks.MaxDimension;
        json["text_config"]!["head_dim"] = ConfigChecks.MaxDimension / 4;
        File.WriteAllText(path, json.ToJsonString());
        Assert.That(() => LlavaConfig.Load(path),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("parameters").And.Message.Contains("limit"));
    }

    [Test]
    public void TheTinyConfigIsValid() =>
        Assert.That(() => TinyConfigs.Llava().Validate("tiny"), Throws.Nothing);
}

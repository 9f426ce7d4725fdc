using AsymVLM.Inference.Model;

namespace AsymVLM.Tests.Model;

public class LlavaConfigTests
{
    static string Write(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-cfg-").FullName, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public void Llava15ConfigTakesHfDefaultsForAbsentKeys()
    {
        // The shape of llava-hf/llava-1.5-7b-hf's config.json: most text and vision keys are absent.
        var config = LlavaConfig.Load(Write("""
            {
              "architectures": ["LlavaForConditionalGeneration"], "ignore_index": -100, "image_token_index": 32000,
              "model_type": "llava", "pad_token_id": 32001, "projector_hidden_act": "gelu",
              "text_config": { "architectures": ["LlamaForCausalLM"], "max_position_embeddings": 4096, "model_type": "llama",
                               "rms_norm_eps": 1e-05, "torch_dtype": "float16", "vocab_size": 32064 },
              "vision_config": { "hidden_size": 1024, "image_size": 336, "intermediate_size": 4096, "model_type": "clip_vision_model",
                                 "num_attention_heads": 16, "num_hidden_layers": 24, "patch_size": 14, "projection_dim": 768, "vocab_size": 32000 },
              "vision_feature_layer": -2, "vision_feature_select_strategy": "default"
            }
            """));
        Assert.That(config.Text.HiddenSize, Is.EqualTo(4096));
        Assert.That(config.Text.NumHiddenLayers, Is.EqualTo(32));
        Assert.That(config.Text.NumKeyValueHeads, Is.EqualTo(32));
        Assert.That(config.Text.IntermediateSize, Is.EqualTo(11008));
        Assert.That(config.Text.RopeTheta, Is.EqualTo(10000));
        Assert.That(config.Text.TieWordEmbeddings, Is.False);
        Assert.That(config.Vision.HiddenAct, Is.EqualTo("quick_gelu"));
        Assert.That(config.Vision.LayerNormEps, Is.EqualTo(1e-5));
        Assert.That(config.ImageTokenCount, Is.EqualTo(576));
        Assert.That(config.ProjectorBias, Is.True);
    }

    // This test used to pin the opposite: a missing section fell back to LLaVA-1.5-7B's and allocated 7B parameters.
    [TestCase("""{ "model_type": "llava", "text_config": {} }""", "'vision_config' is missing")]
    [TestCase("""{ "model_type": "llava", "vision_config": {} }""", "'text_config' is missing")]
    [TestCase("""{ "model_type": "llava", "vision_config": "clip", "text_config": {} }""", "'vision_config' is \"clip\"")]
    public void AbsentOrMalformedSectionsAreErrorsNotDefaults(string json, string mention)
    {
        var path = Write(json);
        Assert.That(() => LlavaConfig.Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("config.json").And.Message.Contains(mention));
    }

    [Test]
    public void Qwen2TextConfigHasQkvBias()
    {
        var config = LlavaConfig.Load(Write("""{ "model_type": "llava", "vision_config": {}, "text_config": { "model_type": "qwen2", "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 2 } }"""));
        Assert.That(config.Text.QkvBias, Is.True);
        Assert.That(config.Text.OutputBias, Is.False);
        Assert.That(config.Text.HeadDim, Is.EqualTo(16));
        Assert.That(config.Text.NumKeyValueHeads, Is.EqualTo(2));
    }

    [TestCase("""{ "model_type": "llava", "vision_config": {}, "text_config": { "model_type": "gemma" } }""", "gemma")]
    [TestCase("""{ "model_type": "llava", "vision_config": {}, "text_config": { "model_type": "mistral", "sliding_window": 0 } }""", "sliding_window")]
    [TestCase("""{ "model_type": "llava", "vision_feature_select_strategy": "cls" }""", "vision_feature_select_strategy")]
    [TestCase("""{ "model_type": "llava", "vision_config": {}, "text_config": { "hidden_size": "big" } }""", "hidden_size")]
    [TestCase("""{ "model_type": "llava", "vision_config": {}, "text_config": { "rope_scaling": { "rope_type": "llama3" } } }""", "llama3")]
    [TestCase("""{ "model_type": "llava", "vision_config": {}, "text_config": {}, "vision_feature_layer": -40 }""", "vision_feature_layer")]
    [TestCase("""{ "model_type": "qwen2_vl" }""", "qwen2_vl")]
    [TestCase("""{ "model_type": "llava_onevision", "vision_config": {}, "text_config": {}, "vision_aspect_ratio": "anyres_max_x" }""", "vision_aspect_ratio")]
    [TestCase("""{ "model_type": "llava_next", "vision_config": {}, "text_config": {}, "image_grid_pinpoints": [[336, "a"]] }""", "image_grid_pinpoints")]
    [TestCase("""{ not json""", "invalid JSON")]
    [TestCase("""{ "model_type": "llava", "vision_config": {}, "text_config": { "hidden_size": 64, "hidden_size": 32 } }""", "invalid JSON")]
    public void BadConfigsNameTheFileAndKey(string json, string mention)
    {
        var path = Write(json);
        Assert.That(() => LlavaConfig.Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("config.json").And.Message.Contains(mention));
    }

    [Test]
    public void AMistralTextConfigTakesMistralsDefaultsAndNoBias()
    {
        // The shape of llava-hf/llava-v1.6-mistral-7b-hf's text_config (Mistral-7B-Instruct-v0.2: no sliding window).
        var config = LlavaConfig.Load(Write("""
            { "model_type": "llava", "vision_config": {},
              "text_config": { "model_type": "mistral", "max_position_embeddings": 32768, "rms_norm_eps": 1e-05,
                               "rope_theta": 1000000.0, "sliding_window": null, "vocab_size": 32064, "attention_bias": true } }
            """));
        Assert.That(config.Text.ModelType, Is.EqualTo(TextConfig.Mistral));
        Assert.That((config.Text.NumKeyValueHeads, config.Text.IntermediateSize, config.Text.HeadDim), Is.EqualTo((8, 14336, 128)));
        Assert.That((config.Text.QkvBias, config.Text.OutputBias), Is.EqualTo((false, false)), "Mistral's projections have no bias");
        Assert.That(config.Text.MaxPositionEmbeddings, Is.EqualTo(32768), "a null sliding_window masks nothing");
    }

    /// <summary>HF's Mistral masks keys past its sliding window (4096 when the key is absent): sequences are limited to it.</summary>
    [TestCase(", \"sliding_window\": 1024", 1024)]
    [TestCase("", 4096)]
    [TestCase(", \"sliding_window\": 65536", 32768)]
    public void AMistralsPositionsAreLimitedToItsSlidingWindow(string window, int positions)
    {
        var config = LlavaConfig.Load(Write(
            $$"""{ "model_type": "llava", "vision_config": {}, "text_config": { "model_type": "mistral", "vocab_size": 32064, "max_position_embeddings": 32768{{window}} } }"""));
        Assert.That(config.Text.MaxPositionEmbeddings, Is.EqualTo(positions));

        var path = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-cfg-").FullName, "config.json");
        config.Save(path);
        Assert.That(LlavaConfig.Load(path).Text, Is.EqualTo(config.Text), "saved and loaded again, the same decoder");
    }

    [Test]
    public void ALlavaNextConfigRoundTripsWithItsPinpoints()
    {
        var original = TinyConfigs.LlavaNext();
        var path = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-cfg-").FullName, "config.json");
        original.Save(path);
        var loaded = LlavaConfig.Load(path);
        Assert.That((loaded.ModelType, loaded.IsAnyRes), Is.EqualTo((LlavaConfig.LlavaNext, true)));
        Assert.That(loaded.ImageGridPinpoints, Is.EqualTo(original.ImageGridPinpoints));
        Assert.That(loaded.Vision, Is.EqualTo(original.Vision));
    }

    [Test]
    public void SaveThenLoadRoundTrips()
    {
        var original = TinyConfigs.Llava("qwen2", 2, "full", -1);
        var path = Path.Combine(Directory.CreateTempSubdirectory("asymvlm-cfg-").FullName, "config.json");
        original.Save(path);
        var loaded = LlavaConfig.Load(path);
        Assert.That(loaded.Text, Is.EqualTo(original.Text));
        Assert.That(loaded.Vision, Is.EqualTo(original.Vision));
        Assert.That(loaded.VisionFeatureLayers, Is.EqualTo(original.VisionFeatureLayers));
        Assert.That(loaded.ImageTokenCount, Is.EqualTo(17));
    }
}

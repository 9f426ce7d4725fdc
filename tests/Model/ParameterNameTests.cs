using AsymVLM.Inference.Model;

namespace AsymVLM.Tests.Model;

public class ParameterNameTests
{
    [Test]
    public void StateDictUsesHuggingFaceLlavaNames()
    {
        using var model = new LlavaModel(TinyConfigs.Llava("qwen2"));
        var names = model.state_dict().Keys.ToHashSet();
        Assert.That(names, Does.Contain("vision_tower.vision_model.embeddings.patch_embedding.weight"));
        Assert.That(names, Does.Contain("vision_tower.vision_model.embeddings.class_embedding"));
        Assert.That(names, Does.Contain("vision_tower.vision_model.pre_layrnorm.weight"));
        Assert.That(names, Does.Contain("vision_tower.vision_model.encoder.layers.1.self_attn.out_proj.bias"));
        Assert.That(names, Does.Contain("vision_tower.vision_model.post_layernorm.bias"));
        Assert.That(names, Does.Contain("multi_modal_projector.linear_2.weight"));
        Assert.That(names, Does.Contain("language_model.model.embed_tokens.weight"));
        Assert.That(names, Does.Contain("language_model.model.layers.2.self_attn.k_proj.bias"));
        Assert.That(names, Does.Contain("language_model.model.layers.0.mlp.gate_proj.weight"));
        Assert.That(names, Does.Contain("language_model.model.norm.weight"));
        Assert.That(names, Does.Contain("language_model.lm_head.weight"));
        Assert.That(names, Has.None.Contains("rope").And.None.Contains("Rotary"));
    }
}

namespace AsymVLM.Inference.Model;

/// <summary>
/// The name and shape of every parameter <see cref="LlavaModel"/> has for a config, worked out without
/// allocating anything, so a checkpoint's header can be checked against the config (and a config claiming an
/// impossibly large model refused) before the model exists. A test keeps this in step with the model.
/// </summary>
public static class LlavaParameterShapes
{
    public static IReadOnlyDictionary<string, long[]> Of(LlavaConfig config)
    {
        var shapes = new Dictionary<string, long[]>();
        AddVision(shapes, config.Vision);
        AddProjector(shapes, config);
        AddText(shapes, config.Text);
        if (config.IsAnyRes) shapes["image_newline"] = [config.Text.HiddenSize];
        return shapes;
    }

    /// <summary>Total elements over all parameters; null when the count does not fit in 64 bits.</summary>
    public static long? ElementCount(IReadOnlyDictionary<string, long[]> shapes)
    {
        try
        {
            long total = 0;
            foreach (var shape in shapes.Values)
                total = checked(total + shape.Aggregate(1L, (product, dim) => checked(product * dim)));
            return total;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    static void AddVision(Dictionary<string, long[]> shapes, VisionConfig c)
    {
        const string model = "vision_tower.vision_model.";
        long d = c.HiddenSize;
        shapes[model + "embeddings.patch_embedding.weight"] = [d, c.NumChannels, c.PatchSize, c.PatchSize];
        shapes[model + "embeddings.position_embedding.weight"] = [c.SequenceLength, d];
        if (c.HasClsToken)
        {
            shapes[model + "embeddings.class_embedding"] = [d];
            AddLayerNorm(shapes, model + "pre_layrnorm", d);
        }
        else
        {
            shapes[model + "embeddings.patch_embedding.bias"] = [d];
        }
        AddLayerNorm(shapes, model + "post_layernorm", d);
        for (int i = 0; i < c.NumHiddenLayers; i++)
        {
            string layer = $"{model}encoder.layers.{i}.";
            AddLayerNorm(shapes, layer + "layer_norm1", d);
            AddLayerNorm(shapes, layer + "layer_norm2", d);
            foreach (var projection in new[] { "q_proj", "k_proj", "v_proj", "out_proj" })
                AddLinear(shapes, layer + "self_attn." + projection, d, d, bias: true);
            AddLinear(shapes, layer + "mlp.fc1", d, c.IntermediateSize, bias: true);
            AddLinear(shapes, layer + "mlp.fc2", c.IntermediateSize, d, bias: true);
        }
    }

    static void AddProjector(Dictionary<string, long[]> shapes, LlavaConfig c)
    {
        long input = (long)c.Vision.HiddenSize * c.VisionFeatureLayers.Length;
        AddLinear(shapes, "multi_modal_projector.linear_1", input, c.Text.HiddenSize, c.ProjectorBias);
        AddLinear(shapes, "multi_modal_projector.linear_2", c.Text.HiddenSize, c.Text.HiddenSize, c.ProjectorBias);
    }

    static void AddText(Dictionary<string, long[]> shapes, TextConfig c)
    {
        const string model = "language_model.model.";
        long d = c.HiddenSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim;
        shapes[model + "embed_tokens.weight"] = [c.VocabSize, d];
        shapes[model + "norm.weight"] = [d];
        for (int i = 0; i < c.NumHiddenLayers; i++)
        {
            string layer = $"{model}layers.{i}.";
            shapes[layer + "input_layernorm.weight"] = [d];
            shapes[layer + "post_attention_layernorm.weight"] = [d];
            AddLinear(shapes, layer + "self_attn.q_proj", d, q, c.QkvBias);
            AddLinear(shapes, layer + "self_attn.k_proj", d, kv, c.QkvBias);
            AddLinear(shapes, layer + "self_attn.v_proj", d, kv, c.QkvBias);
            AddLinear(shapes, layer + "self_attn.o_proj", q, d, c.OutputBias);
            AddLinear(shapes, layer + "mlp.gate_proj", d, c.IntermediateSize, bias: false);
            AddLinear(shapes, layer + "mlp.up_proj", d, c.IntermediateSize, bias: false);
            AddLinear(shapes, layer + "mlp.down_proj", c.IntermediateSize, d, bias: false);
        }
        // A tied head is the embedding itself: one parameter, not two.
        if (!c.TieWordEmbeddings)
            shapes["language_model.lm_head.weight"] = [c.VocabSize, d];
    }

    static void AddLinear(Dictionary<string, long[]> shapes, string name, long input, long output, bool bias)
    {
        shapes[name + ".weight"] = [output, input];
        if (bias) shapes[name + ".bias"] = [output];
    }

    static void AddLayerNorm(Dictionary<string, long[]> shapes, string name, long size)
    {
        shapes[name + ".weight"] = [size];
        shapes[name + ".bias"] = [size];
    }
}

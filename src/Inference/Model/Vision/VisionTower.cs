using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>
/// A LLaVA vision tower, chosen by <c>vision_config.model_type</c>: the hidden states LLaVA selects its image features
/// from, and the attention the question-agnostic selectors rank tokens by.
/// </summary>
public abstract class VisionTower(string name) : nn.Module(name)
{
    /// <param name="layers">HF hidden_states indices: 0 is the embeddings (after CLIP's pre-LayerNorm), i the output of layer i; negatives count from the end.</param>
    /// <param name="wantTokenAttention">also return <see cref="VisionFeatures.TokenAttention"/></param>
    public abstract VisionFeatures Forward(Tensor pixels, IReadOnlyList<int> layers, bool wantTokenAttention);

    public static VisionTower Create(VisionConfig config) => config.ModelType switch
    {
        VisionConfig.Clip => new ClipVisionModel(config),
        VisionConfig.Siglip => new SiglipVisionModel(config),
        _ => throw new ArgumentException(
            $"vision_config.model_type '{config.ModelType}' is not supported (supported: {string.Join(", ", VisionConfig.SupportedTypes)}).", nameof(config)),
    };
}

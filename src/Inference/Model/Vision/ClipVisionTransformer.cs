using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>HF's CLIPVisionModel: holds <c>vision_model</c> so parameter names match checkpoints.</summary>
/// <summary>Embeddings, pre-LayerNorm, encoder layers; post_layernorm is loaded but unused, as in LLaVA.</summary>
public sealed class ClipVisionTransformer : nn.Module
{
    readonly ClipVisionEmbeddings embeddings;
    readonly LayerNorm pre_layrnorm, post_layernorm;
    readonly ClipEncoder encoder;

    public ClipVisionTransformer(VisionConfig c) : base(nameof(ClipVisionTransformer))
    {
        embeddings = new ClipVisionEmbeddings(c);
        pre_layrnorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        encoder = new ClipEncoder(c);
        post_layernorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        RegisterComponents();
    }

    /// <param name="layers">HF hidden_states indices: 0 is the pre-LayerNorm output, i the output of layer i; negatives count from the end.</param>
    public VisionFeatures Forward(Tensor pixels, IReadOnlyList<int> layers, bool wantClsAttention)
    {
        int count = encoder.Count;
        int[] wanted = layers.Select(l => l < 0 ? count + 1 + l : l).ToArray();
        int deepest = wanted.Max(); // layers past the deepest requested one cannot change the result
        var states = new Tensor[count + 1];
        Tensor? cls = null;
        var h = pre_layrnorm.forward(embeddings.forward(pixels));
        states[0] = h;
        for (int i = 0; i < deepest; i++)
        {
            h = encoder[i].Forward(h, wantClsAttention && i == deepest - 1, out var a);
            cls = a ?? cls;
            states[i + 1] = h;
        }
        return new VisionFeatures(wanted.Select(i => states[i]).ToArray(), cls);
    }
}


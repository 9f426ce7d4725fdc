using TorchSharp;
using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// The initialization HF uses for LLaVA's parts when training from scratch: weights ~ N(0, 0.02), biases 0,
/// norm scales 1, the CLS embedding ~ N(0, d^-1/2). TorchSharp's defaults (embeddings ~ N(0, 1)) let the
/// position embedding swamp the patch content, and a first reference run learned to ignore the image.
/// </summary>
public static class HfStyleInit
{
    public static void Apply(LlavaModel model, double std = 0.02)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            if (name.EndsWith("class_embedding")) nn.init.normal_(p, 0, Math.Pow(p.shape[0], -0.5));
            else if (name.EndsWith(".bias")) nn.init.zeros_(p);
            else if (p.dim() == 1) nn.init.ones_(p); // LayerNorm / RMSNorm scales
            else nn.init.normal_(p, 0, std);
        }
    }
}

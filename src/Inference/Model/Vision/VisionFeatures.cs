using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>
/// Hidden states at the requested layers (in request order), and optionally the attention each token receives at the
/// deepest requested layer, mean over heads [B, S], that VisionZip-style selection ranks by: from the CLS query where
/// the tower has one (CLIP), averaged over every query where it has none (SigLIP).
/// </summary>
public sealed record VisionFeatures(IReadOnlyList<Tensor> HiddenStates, Tensor? TokenAttention);

using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>Hidden states at the requested layers (in request order), and optionally the CLS attention
/// of the deepest requested layer (mean over heads, [B, N+1]) that VisionZip-style selection uses.</summary>
public sealed record VisionFeatures(IReadOnlyList<Tensor> HiddenStates, Tensor? ClsAttention);


using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Vision;

/// <summary>HF's CLIPVisionModel: holds <c>vision_model</c> so parameter names match checkpoints.</summary>
public sealed class ClipEncoder : nn.Module
{
    readonly ModuleList<ClipEncoderLayer> layers;

    public ClipEncoder(VisionConfig c) : base(nameof(ClipEncoder))
    {
        layers = new ModuleList<ClipEncoderLayer>(Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new ClipEncoderLayer(c)).ToArray());
        RegisterComponents();
    }

    public int Count => layers.Count;
    public ClipEncoderLayer this[int i] => layers[i];
}

using AsymVLM.Inference.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// A linear probe over image tokens, trained with the model and discarded at export: it classifies every image token
/// that has a target (class ≥ 0) and ignores the rest. The binding losses (<see cref="CellOwnerLoss"/>,
/// <see cref="BarValueLoss"/>) are such probes, differing in what they ask each token to carry.
/// </summary>
public sealed class CellProbe : IDisposable
{
    readonly Linear probe;
    readonly string file, weightKey;

    /// <param name="file">The probe's file in a run checkpoint.</param>
    /// <param name="weightKey">The config key that turns it on, named when a checkpoint lacks the probe.</param>
    public CellProbe(long hidden, int classes, string file, string weightKey)
    {
        probe = nn.Linear(hidden, classes);
        (this.file, this.weightKey) = (file, weightKey);
    }

    public IEnumerable<Parameter> Parameters => probe.parameters();

    /// <summary>Mean cross-entropy over the image tokens of [B, N, D] whose target in [B, N] is a class (0 when a batch has none).</summary>
    public Tensor Loss(Tensor imageTokens, Tensor targets)
    {
        var logits = probe.forward(imageTokens);
        var perCell = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.clamp_min(0).view(-1),
            reduction: nn.Reduction.None).view(targets.shape);
        var weight = targets.ge(0).to(perCell.dtype);
        return (perCell * weight).sum() / weight.sum().clamp_min(1);
    }

    // The probe trains with the model, so a resumed run needs it back; the exported model does not carry it.
    public void Save(string dir) => ParameterFile.Save(Path.Combine(dir, file), probe);

    public void Load(string dir)
    {
        var path = Path.Combine(dir, file);
        if (!File.Exists(path)) throw new FileNotFoundException($"{dir} has no {file}: it was not trained with {weightKey} > 0.", path);
        ParameterFile.Load(path, probe);
    }

    public void Dispose() => probe.Dispose();
}

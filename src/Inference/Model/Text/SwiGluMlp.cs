using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Text;

/// <summary>down(act(gate(x)) * up(x)).</summary>
public sealed class SwiGluMlp : nn.Module<Tensor, Tensor>
{
    readonly Linear gate_proj, up_proj, down_proj;
    readonly string act;

    public SwiGluMlp(TextConfig c) : base(nameof(SwiGluMlp))
    {
        gate_proj = nn.Linear(c.HiddenSize, c.IntermediateSize, hasBias: false);
        up_proj = nn.Linear(c.HiddenSize, c.IntermediateSize, hasBias: false);
        down_proj = nn.Linear(c.IntermediateSize, c.HiddenSize, hasBias: false);
        act = c.HiddenAct;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) =>
        down_proj.forward(Activations.Apply(act, gate_proj.forward(x)) * up_proj.forward(x));

    /// <summary>The same over a lockstep decode's rows [A, 1, D], each rounded as its one-row forward (<see cref="RowwiseLinear"/>).</summary>
    public Tensor ForwardRows(Tensor rows) =>
        RowwiseLinear.Apply(down_proj, Activations.Apply(act, RowwiseLinear.Apply(gate_proj, rows)) * RowwiseLinear.Apply(up_proj, rows));
}

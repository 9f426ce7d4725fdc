using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Text;

/// <summary>
/// A linear layer over the rows of a lockstep decode ([A, 1, In] -> [A, 1, Out]) that rounds each row as the one-row
/// forward does. A batched <c>linear</c> is one matrix product over A rows, which the CPU kernels block differently from
/// a one-row product, so a row's result can differ in the last bit and flip a greedy token; a <c>bmm</c> whose batch
/// entries are the one-row products gives each row exactly what the one-row forward gives (a test pins it).
/// </summary>
internal static class RowwiseLinear
{
    public static Tensor Apply(Linear linear, Tensor rows)
    {
        var weight = linear.weight!;
        var product = rows.bmm(weight.t().unsqueeze(0).expand(rows.shape[0], weight.shape[1], weight.shape[0]));
        return linear.bias is { } bias ? product + bias : product;
    }
}

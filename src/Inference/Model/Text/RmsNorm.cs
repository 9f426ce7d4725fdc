using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model.Text;

/// <summary>Llama RMSNorm: normalizes in float32, scales in the input dtype (HF semantics).</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly double eps;

    public RmsNorm(long size, double eps) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(ones(size));
        this.eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var xf = x.to(float32);
        var normed = xf * rsqrt(xf.pow(2).mean([-1], keepdim: true) + eps);
        return weight * normed.to(x.dtype);
    }
}

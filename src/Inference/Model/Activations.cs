using static TorchSharp.torch;

namespace AsymVLM.Inference.Model;

/// <summary>The activation functions HF configs name (ACT2FN), for the ones these models use.</summary>
public static class Activations
{
    static readonly string[] Known = ["gelu", "quick_gelu", "silu", "gelu_pytorch_tanh", "relu"];

    public static void Validate(string name, string file, string key)
    {
        if (!Known.Contains(name))
            throw new InvalidDataException($"{file}: {key} '{name}' is not supported (known: {string.Join(", ", Known)}).");
    }

    public static Tensor Apply(string name, Tensor x) => name switch
    {
        "gelu" => nn.functional.gelu(x),
        "gelu_pytorch_tanh" => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        "quick_gelu" => x * nn.functional.sigmoid(1.702 * x),
        "silu" => nn.functional.silu(x),
        "relu" => nn.functional.relu(x),
        _ => throw new ArgumentException($"Unknown activation '{name}'."),
    };
}

using AsymVLM.Inference.Selection;
using TorchSharp;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Selection;

/// <summary>Inputs for selector tests; tensors land in the caller's dispose scope.</summary>
internal static class SelectionInputs
{
    public const int Side = 8;
    public const int TokenCount = Side * Side;
    public const int Width = 16;

    /// <summary>N = 64 random tokens of width 16 on an 8x8 grid, a 5-token question, softmax CLS attention.</summary>
    public static SelectionInput Random(int seed)
    {
        var generator = new Generator((ulong)seed);
        var tokens = randn([TokenCount, Width], generator: generator);
        var question = randn([5, Width], generator: generator);
        var attention = randn([TokenCount], generator: generator).softmax(0);
        return new SelectionInput(tokens, question, attention, VisionLayout.Grid(Side, Side));
    }

    /// <summary>Hand-built tokens [N, d] with the given CLS attention (or none) on a height x width grid.</summary>
    public static SelectionInput FromRows(float[,] tokens, float[]? attention, int gridHeight, int gridWidth)
    {
        var tokenTensor = tensor(tokens);
        var question = zeros(1, tokens.GetLength(1));
        return new SelectionInput(tokenTensor, question, attention is null ? null : tensor(attention), VisionLayout.Grid(gridHeight, gridWidth));
    }
}

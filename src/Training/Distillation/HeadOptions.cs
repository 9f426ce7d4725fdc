using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Distillation;

/// <summary>The <c>Head</c> section: the importance head's size.</summary>
public sealed class HeadOptions : IValidatedOptions
{
    public int Width { get; set; } = 32;
    public int RowKernel { get; set; } = 9;

    public void Validate(string section)
    {
        Require.InRange(Width, 4, 1024, $"{section}:Width");
        Require.InRange(RowKernel, 1, 63, $"{section}:RowKernel");
        if (RowKernel % 2 == 0) throw new ConfigurationException($"{section}:RowKernel must be odd, got {RowKernel}.");
    }
}

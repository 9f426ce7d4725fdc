using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// The <c>Loss</c> section of a pretraining config: the answer loss, plus <c>CellWeight</c> × the cell-label loss,
/// plus for the first <c>GroundingSteps</c> steps <c>GroundingWeight</c> × the grounding loss at <c>GroundingLayer</c>.
/// </summary>
public sealed class ReferenceLossOptions : IValidatedOptions
{
    /// <summary>Weight of <see cref="CellLabelLoss"/>; 0 trains on answers alone.</summary>
    public double CellWeight { get; set; } = 1.0;
    /// <summary>Weight of <see cref="GroundingLoss"/> while it is on; 0 never uses it.</summary>
    public double GroundingWeight { get; set; }
    public int GroundingSteps { get; set; }
    public int GroundingLayer { get; set; }

    public void Validate(string section)
    {
        Require.InRange(CellWeight, 0, 100, $"{section}:CellWeight");
        Require.InRange(GroundingWeight, 0, 100, $"{section}:GroundingWeight");
        Require.InRange(GroundingSteps, 0, int.MaxValue, $"{section}:GroundingSteps");
        Require.InRange(GroundingLayer, 0, 1000, $"{section}:GroundingLayer");
    }
}

using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Distillation;

/// <summary>The <c>Loss</c> section: KL to the teacher distribution + weights of the ranking and budget terms.</summary>
public sealed class LossOptions : IValidatedOptions
{
    public double RankWeight { get; set; } = 0.5;
    public double BudgetWeight { get; set; } = 0.1;
    /// <summary>Teacher-top tokens per sample that the ranking term pairs against lower-ranked ones.</summary>
    public int RankTop { get; set; } = 16;

    public void Validate(string section)
    {
        Require.InRange(RankWeight, 0, 100, $"{section}:RankWeight");
        Require.InRange(BudgetWeight, 0, 100, $"{section}:BudgetWeight");
        Require.Positive(RankTop, $"{section}:RankTop");
    }
}

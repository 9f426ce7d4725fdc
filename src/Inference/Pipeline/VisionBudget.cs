namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// How many vision tokens a request keeps: a fixed count, a ratio of N, or adaptive (the learned budget
/// head's per-sample prediction), always clamped to [Min, Max].
/// </summary>
public sealed record VisionBudget
{
    public int? Count { get; init; }
    public double? Ratio { get; init; }
    public bool Adaptive { get; init; }
    public int Min { get; init; } = 1;
    public int Max { get; init; } = int.MaxValue;

    public static VisionBudget All => new() { Ratio = 1.0 };
    public static VisionBudget OfRatio(double ratio) => new() { Ratio = ratio };
    public static VisionBudget OfCount(int count) => new() { Count = count };

    public void Validate()
    {
        int modes = (Count.HasValue ? 1 : 0) + (Ratio.HasValue ? 1 : 0) + (Adaptive ? 1 : 0);
        if (modes != 1) throw new ArgumentException("Choose exactly one vision budget: a keep count, a keep ratio, or adaptive.");
        if (Count is < 1) throw new ArgumentOutOfRangeException(nameof(Count), Count, "keep count must be >= 1");
        if (Ratio is { } ratio && !(ratio > 0 && ratio <= 1)) throw new ArgumentOutOfRangeException(nameof(Ratio), Ratio, "keep ratio must be in (0, 1]");
        if (Min < 1 || Max < Min) throw new ArgumentOutOfRangeException(nameof(Min), $"need 1 <= min ({Min}) <= max ({Max})");
    }

    /// <param name="predictedFraction">the budget head's keep fraction, required when Adaptive</param>
    public int Resolve(int tokens, double? predictedFraction)
    {
        double wanted = Count ?? (Ratio.HasValue ? Ratio.Value * tokens
            : (predictedFraction ?? throw new InvalidOperationException("An adaptive budget needs the learned selector's budget prediction.")) * tokens);
        return Math.Clamp((int)Math.Round(wanted), Math.Max(1, Math.Min(Min, tokens)), Math.Min(Max, tokens));
    }
}

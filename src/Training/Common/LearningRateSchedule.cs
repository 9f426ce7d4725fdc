namespace AsymVLM.Training.Common;

/// <summary>
/// Linear warmup to the peak rate, then a cosine to <c>peak * minRatio</c> at the last step: over the whole run
/// (<paramref name="DecaySteps"/> 0), or warmup-stable-decay: the peak holds until the last <paramref name="DecaySteps"/>
/// steps. A WSD run extends without a jump in the rate: continue its last stable-phase checkpoint with more steps.
/// </summary>
public sealed record LearningRateSchedule(double Peak, int WarmupSteps, int TotalSteps, double MinRatio, int DecaySteps = 0)
{
    /// <summary>The first step of the decay: where a WSD run's stable phase ends (the warmup's end for a plain cosine).</summary>
    public int DecayStart => DecaySteps > 0 ? TotalSteps - DecaySteps : WarmupSteps;

    public double At(int step)
    {
        if (step < WarmupSteps) return Peak * (step + 1) / WarmupSteps;
        if (step < DecayStart) return Peak;
        double progress = Math.Min(1.0, (double)(step - DecayStart) / Math.Max(1, TotalSteps - DecayStart));
        return Peak * (MinRatio + (1 - MinRatio) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}

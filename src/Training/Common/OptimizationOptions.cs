using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Common;

/// <summary>The <c>Training</c> section shared by every training job: AdamW, warmup + cosine or warmup-stable-decay, clipping, cadence.</summary>
public sealed class OptimizationOptions : IValidatedOptions
{
    public int Steps { get; set; } = 1000;
    public int BatchSize { get; set; } = 8;
    public double LearningRate { get; set; } = 1e-3;
    public int WarmupSteps { get; set; } = 100;
    public double MinLearningRateRatio { get; set; } = 0.05;
    /// <summary>0: cosine decay over the whole run; otherwise warmup-stable-decay, decaying over the last DecaySteps steps.</summary>
    public int DecaySteps { get; set; }
    public double WeightDecay { get; set; } = 0.01;
    public double GradClip { get; set; } = 1.0;
    public int LogEvery { get; set; } = 25;
    public int EvalEvery { get; set; } = 250;
    public int CheckpointEvery { get; set; } = 250;
    public int Seed { get; set; }
    /// <summary>CPU threads for TorchSharp; 0 keeps its default (all cores).</summary>
    public int Threads { get; set; }

    public void Validate(string section)
    {
        Require.Positive(Steps, $"{section}:Steps");
        Require.Positive(BatchSize, $"{section}:BatchSize");
        Require.InRange(LearningRate, 1e-8, 1, $"{section}:LearningRate");
        Require.InRange(WarmupSteps, 0, Steps, $"{section}:WarmupSteps");
        Require.InRange(MinLearningRateRatio, 0, 1, $"{section}:MinLearningRateRatio");
        Require.InRange(DecaySteps, 0, Steps - WarmupSteps, $"{section}:DecaySteps");
        Require.InRange(WeightDecay, 0, 1, $"{section}:WeightDecay");
        Require.Positive(GradClip, $"{section}:GradClip");
        Require.Positive(LogEvery, $"{section}:LogEvery");
        Require.Positive(EvalEvery, $"{section}:EvalEvery");
        Require.Positive(CheckpointEvery, $"{section}:CheckpointEvery");
        Require.InRange(Threads, 0, 1024, $"{section}:Threads");
    }

    public LearningRateSchedule Schedule => new(LearningRate, WarmupSteps, Steps, MinLearningRateRatio, DecaySteps);
}

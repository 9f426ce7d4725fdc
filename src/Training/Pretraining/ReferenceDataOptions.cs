using AsymVLM.Training.Configuration;

namespace AsymVLM.Training.Pretraining;

/// <summary>The <c>Data</c> section of a pretraining config: the synthetic benchmark streams it draws from.</summary>
public sealed class ReferenceDataOptions : IValidatedOptions
{
    public int TrainSeed { get; set; } = 1;
    public int ValSeed { get; set; } = 2;
    public int EvalSamples { get; set; } = 64;
    /// <summary>Questions asked per training image in one conversation: the sample's own, then others the image answers.</summary>
    public int TurnsPerImage { get; set; } = 4;
    /// <summary>
    /// Vision-token dropout: each step keeps a fraction drawn from [VisionKeepMin, 1] of every image's tokens (the
    /// answers' cells always among them); 1 trains on whole images only.
    /// </summary>
    public double VisionKeepMin { get; set; } = 1.0;
    /// <summary>
    /// How the kept fraction is drawn: <c>uniform</c> on [VisionKeepMin, 1], or <c>log-uniform</c>, which spends as
    /// many steps on [0.1, 0.2] as on [0.5, 1], where the selectors' budgets of 11 % and 25 % are.
    /// </summary>
    public string VisionKeepDistribution { get; set; } = Uniform;
    /// <summary>The share of steps that drop vision tokens at all (the others train on whole images).</summary>
    public double VisionDropoutRate { get; set; } = 1.0;
    /// <summary>
    /// What dropout always keeps: <c>evidence</c> (the answers' cells and their evidence) or <c>nothing</c>
    /// (answer-agnostic: whole rows, blocks or scattered cells, drawn without looking at the answer).
    /// </summary>
    public string VisionDropoutKeeps { get; set; } = Evidence;

    public const string Evidence = "evidence";
    public const string Nothing = "nothing";
    public const string Uniform = "uniform";
    public const string LogUniform = "log-uniform";

    /// <summary>A kept fraction in [VisionKeepMin, 1] from a uniform draw <paramref name="u"/> in [0, 1).</summary>
    public double KeepFraction(double u) => VisionKeepDistribution == LogUniform
        ? Math.Exp(Math.Log(VisionKeepMin) * (1 - u))
        : VisionKeepMin + (1 - VisionKeepMin) * u;
    /// <summary>
    /// Question and answer tokens per training conversation: later turns are asked only while they fit, so a long
    /// transcription is not followed by four more (the sample's own question is always asked).
    /// </summary>
    public int ConversationTokens { get; set; } = 160;

    public void Validate(string section)
    {
        if (TrainSeed == ValSeed) throw new ConfigurationException($"{section}:ValSeed must differ from {section}:TrainSeed.");
        Require.Positive(EvalSamples, $"{section}:EvalSamples");
        Require.Positive(TurnsPerImage, $"{section}:TurnsPerImage");
        Require.InRange(VisionKeepMin, 0.01, 1, $"{section}:VisionKeepMin");
        Require.InRange(VisionDropoutRate, 0, 1, $"{section}:VisionDropoutRate");
        if (VisionDropoutKeeps is not (Evidence or Nothing))
            throw new ConfigurationException($"{section}:VisionDropoutKeeps must be '{Evidence}' or '{Nothing}'; got '{VisionDropoutKeeps}'.");
        if (VisionKeepDistribution is not (Uniform or LogUniform))
            throw new ConfigurationException($"{section}:VisionKeepDistribution must be '{Uniform}' or '{LogUniform}'; got '{VisionKeepDistribution}'.");
        Require.InRange(ConversationTokens, 1, 4096, $"{section}:ConversationTokens");
    }
}

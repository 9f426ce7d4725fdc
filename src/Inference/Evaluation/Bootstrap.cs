using MathNet.Numerics.Statistics;

namespace AsymVLM.Inference.Evaluation;

/// <summary>Percentile bootstrap confidence interval of a mean, seeded for reproducibility.</summary>
public static class Bootstrap
{
    public static (double Low, double High) MeanInterval(IReadOnlyList<double> values, int resamples, int seed, double level = 0.95)
    {
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "--bootstrap needs at least 1 resample.");
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must be in (0, 1).");
        if (values.Count == 0) return (double.NaN, double.NaN);
        var rng = new Random(seed);
        var means = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (int i = 0; i < values.Count; i++) sum += values[rng.Next(values.Count)];
            means[r] = sum / values.Count;
        }
        double tail = (1 - level) / 2;
        return (Statistics.Quantile(means, tail), Statistics.Quantile(means, 1 - tail));
    }
}

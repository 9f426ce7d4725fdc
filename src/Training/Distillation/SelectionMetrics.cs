using MathNet.Numerics.Statistics;

namespace AsymVLM.Training.Distillation;

/// <summary>How well a ranking of vision tokens recovers the teacher's attention, per sample.</summary>
public static class SelectionMetrics
{
    public static readonly double[] KeepRatios = [0.05, 0.11, 0.25, 0.50];

    public static int KeepCount(double ratio, int n) => Math.Clamp((int)Math.Round(ratio * n), 1, n);

    /// <summary>Teacher mass on the kept tokens.</summary>
    public static double Recall(float[] teacher, IEnumerable<long> kept) => kept.Sum(i => (double)teacher[i]);

    /// <summary>Teacher mass on the top-k tokens by <paramref name="scores"/>.</summary>
    public static double RecallOfTop(float[] teacher, float[] scores, int k) =>
        Recall(teacher, Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).Take(k).Select(i => (long)i));

    public static double Spearman(float[] teacher, float[] scores) =>
        Correlation.Spearman(teacher.Select(x => (double)x), scores.Select(x => (double)x));

    /// <summary>KL(teacher || softmax(scores)) for one sample.</summary>
    public static double Kl(float[] teacher, float[] scores)
    {
        double max = scores.Max();
        double logZ = max + Math.Log(scores.Sum(s => Math.Exp(s - max)));
        return teacher.Select((p, i) => p > 0 ? p * (Math.Log(p) - (scores[i] - logZ)) : 0).Sum();
    }
}

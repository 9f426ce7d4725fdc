using System.Diagnostics;

namespace AsymVLM.Inference.Benchmarks;

/// <summary>Wall time of an action: one untimed warm-up run (allocator, kernel selection), then the median of the rest.</summary>
public static class MedianTimer
{
    public static double Seconds(Action run, int repeats)
    {
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "must be at least 1");
        run();
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(seconds);
        return seconds[repeats / 2];
    }
}

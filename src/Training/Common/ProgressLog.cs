using System.Diagnostics;
using Serilog;

namespace AsymVLM.Training.Common;

/// <summary>Periodic progress lines with rate and ETA (the training loops' progress display).</summary>
public sealed class ProgressLog(string what, int total, int startAt = 0, string unit = "step")
{
    readonly Stopwatch watch = Stopwatch.StartNew();

    public void Report(int done, string details = "")
    {
        double rate = (done - startAt) / Math.Max(1e-9, watch.Elapsed.TotalSeconds);
        var eta = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
        int width = 24, filled = (int)(width * (double)done / Math.Max(1, total));
        Log.Information("{What} [{Bar}] {Done}/{Total} {Rate:F2} {Unit}/s ETA {Eta:hh\\:mm\\:ss} {Details}",
            what, new string('#', filled) + new string('.', width - filled), done, total, rate, unit, eta, details);
    }
}

using System.Diagnostics;
using AsymVLM.Inference.Benchmarks;
using AsymVLM.Inference.Cost;
using AsymVLM.Training.Common;
using AsymVLM.Training.Pretraining;
using static TorchSharp.torch;

namespace AsymVLM.Training.Benchmarks;

/// <summary>
/// The pretraining loop's speed against the machine: time per step (with and without drawing the next batch's images
/// on a worker thread), the share of a step spent making data, the model FLOPs a step does (3x the forward, from the
/// batch's own shapes) and the FLOP/s TorchSharp's matmul reaches on the same GEMM shapes here.
/// </summary>
public static class PretrainThroughput
{
    public sealed record Result(double StepMsSerial, double StepMsPrefetch, double DataMs, double StepGflop, double MatmulGflops)
    {
        public double AchievedGflops => StepGflop / (StepMsPrefetch / 1000);
    }

    public static Result Measure(Func<bool, ReferenceVlmPretraining> newJob, OptimizationOptions training, int steps)
    {
        double serial = StepMs(newJob(false), training, steps, out _);
        var job = newJob(true);
        double prefetch = StepMs(job, training, steps, out double gflop);
        double dataMs = MedianTimer.Seconds(() => job.Samples(0), 5) * 1000;
        return new Result(serial, prefetch, dataMs, gflop, MatmulGflops(job));
    }

    // Median wall time of a full step (loss, backward, clipping, AdamW) after two warm-up steps; FLOPs of the last step.
    static double StepMs(ReferenceVlmPretraining job, OptimizationOptions training, int steps, out double gflop)
    {
        var parameters = job.Parameters;
        var optimizer = optim.AdamW(parameters, training.LearningRate, weight_decay: training.WeightDecay);
        var times = new List<double>();
        gflop = 0;
        for (int step = 0; step < steps + 2; step++)
        {
            var watch = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                optimizer.zero_grad();
                var (loss, _) = job.Loss(step);
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, training.GradClip);
                optimizer.step();
            }
            if (step >= 2) times.Add(watch.Elapsed.TotalMilliseconds);
            gflop = 3 * ForwardFlops(job) / 1e9;
        }
        times.Sort();
        return times[times.Count / 2];
    }

    // Forward FLOPs of the last step: the tower per image, every decoder layer over the (dropped) sequence, and the LM
    // head at every position twice (the answer loss and the readout).
    static double ForwardFlops(ReferenceVlmPretraining job)
    {
        var config = job.Model.Config;
        var flops = new FlopCounter(config);
        var (batch, length) = job.LastShape;
        double decoder = config.Text.NumHiddenLayers * (flops.LayerDense(length) + flops.LayerAttention(length * (length + 1) / 2));
        return batch * (flops.VisionEncoder() + decoder + 2.0 * length * flops.Head());
    }

    // FLOP-weighted throughput of the decoder's and the tower's GEMMs at the shapes a step runs them, forward only.
    static double MatmulGflops(ReferenceVlmPretraining job)
    {
        var c = job.Model.Config;
        var (batch, length) = job.LastShape;
        long rows = batch * length, d = c.Text.HiddenSize, ff = c.Text.IntermediateSize;
        long vrows = batch * c.ImageTokenCount, vd = c.Vision.HiddenSize, vff = c.Vision.IntermediateSize;
        (long M, long K, long N)[] shapes = [(rows, d, d), (rows, d, ff), (rows, ff, d), (vrows, vd, vd), (vrows, vd, vff), (vrows, vff, vd)];
        double totalFlop = 0, totalSeconds = 0;
        foreach (var (m, k, n) in shapes)
        {
            using var scope = NewDisposeScope();
            var a = randn(m, k);
            var b = randn(k, n);
            double seconds = MedianTimer.Seconds(() => a.matmul(b).Dispose(), 9);
            totalFlop += 2.0 * m * k * n;
            totalSeconds += seconds;
        }
        return totalFlop / totalSeconds / 1e9;
    }
}

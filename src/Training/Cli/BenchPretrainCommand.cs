using AsymVLM.Training.Benchmarks;
using AsymVLM.Training.Common;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Pretraining;

namespace AsymVLM.Training.Cli;

/// <summary>
/// <c>bench-pretrain CONFIG.json [--steps 12]</c>: the pretraining loop's time per step with and without the image
/// prefetch, its data share, and its achieved FLOP/s against TorchSharp's matmul on the same shapes (one process).
/// </summary>
public static class BenchPretrainCommand
{
    public static int Run(CommandLineArgs args, string configPath)
    {
        var config = JobConfiguration.Build(configPath, []);
        var (shape, loss, training, data, _) = PretrainJobConfig.Bind(configPath, config);
        if (training.Threads > 0) TorchSharp.torch.set_num_threads(training.Threads);
        var runDir = Directory.CreateTempSubdirectory("asymvlm-bench-pretrain-").FullName;
        var r = PretrainThroughput.Measure(prefetch => new ReferenceVlmPretraining(shape, loss, training, data, runDir) { Prefetch = prefetch },
            training, args.Int("--steps", 12));
        Console.WriteLine($"""
            | measure | value |
            |---|---|
            | step, data drawn on the training thread | {r.StepMsSerial:F0} ms |
            | step, next images drawn on a worker thread | {r.StepMsPrefetch:F0} ms ({r.StepMsSerial / r.StepMsPrefetch:F2}x faster) |
            | drawing one batch of images | {r.DataMs:F0} ms ({r.DataMs / r.StepMsSerial:P0} of a serial step) |
            | model work per step (3x forward) | {r.StepGflop:F1} GFLOP |
            | achieved | {r.AchievedGflops:F1} GFLOP/s |
            | TorchSharp matmul on the step's GEMM shapes | {r.MatmulGflops:F1} GFLOP/s ({r.AchievedGflops / r.MatmulGflops:P0} reached by the loop) |
            """);
        Directory.Delete(runDir, recursive: true);
        return 0;
    }
}

using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Training.Benchmarks;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Pretraining;

namespace AsymVLM.Training.Cli;

/// <summary>
/// <c>bench-pretrain</c>: the pretraining loop's time per step with and without the image prefetch, its data share, and
/// its achieved FLOP/s against TorchSharp's matmul on the same shapes (one process).
/// </summary>
public static class BenchPretrainCommand
{
    public static Command Create()
    {
        var config = ConfigArgument.Create("a pretraining config, e.g. checkpoints/reference-vlm/pretrain.json");
        var steps = new Option<int>("--steps") { Description = "timed steps of each variant", HelpName = "N", DefaultValueFactory = _ => 12 };
        var overrides = ConfigArgument.Overrides();
        var command = new Command("bench-pretrain", "The pretraining loop's time per step with and without the image prefetch, and its FLOP/s against matmul.")
        {
            config, overrides, steps,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(config)!;
            var (shape, loss, training, data, _) = PretrainJobConfig.Bind(path, JobConfiguration.Build(path, parse.GetValue(overrides)!));
            if (training.Threads > 0) TorchSharp.torch.set_num_threads(training.Threads);
            var runDir = Directory.CreateTempSubdirectory("asymvlm-bench-pretrain-").FullName;
            var r = PretrainThroughput.Measure(prefetch => new ReferenceVlmPretraining(shape, loss, training, data, runDir) { Prefetch = prefetch },
                training, parse.GetValue(steps));
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
        });
        return command.WithExamples(
            "dotnet run --project src/Training -- bench-pretrain checkpoints/reference-vlm/pretrain.json --steps 12",
            "dotnet run --project src/Training -- bench-pretrain checkpoints/reference-vlm/pretrain.json --steps 12 --Training:Threads=2");
    }
}

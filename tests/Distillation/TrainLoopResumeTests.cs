using AsymVLM.Inference.Scoring;
using AsymVLM.Tests.Pipeline;
using AsymVLM.Training.Common;
using AsymVLM.Training.Distillation;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Distillation;

public class TrainLoopResumeTests
{
    static readonly ImportanceHeadConfig Head = new() { InputSize = 48, Width = 8, GridHeight = 4, GridWidth = 4, RowKernel = 3 };

    static OptimizationOptions Options => new()
    {
        Steps = 8, BatchSize = 4, LearningRate = 0.01, WarmupSteps = 2, CheckpointEvery = 3, EvalEvery = 100, LogEvery = 100, Seed = 7,
    };

    static HeadDistillation NewJob(string runDir, TeacherTargets data) =>
        new(TinyVlm.Create().Model, data, data, Head, new LossOptions(), Options, runDir,
            metrics => new ScorerMetadata(Head, "tiny", "tiny-hash", new(), metrics));

    static float[] Weights(HeadDistillation job) =>
        job.Head.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();

    [Test]
    public void InterruptedRunResumesToTheSameWeights()
    {
        var data = TinyTargets.Create(24, seed: 1);
        string straightDir = TempDir(), resumedDir = TempDir();

        var straight = NewJob(straightDir, data);
        new TrainLoop(Options, straight.Head.parameters().ToList(), straightDir).Run(straight, resume: false);

        var crashing = NewJob(resumedDir, data);
        Assert.That(() => new TrainLoop(Options, crashing.Head.parameters().ToList(), resumedDir).Run(new CrashAt(crashing, 5), resume: false),
            Throws.InstanceOf<SimulatedCrash>());
        var resumed = NewJob(resumedDir, data); // fresh process: new random init, then restore
        new TrainLoop(Options, resumed.Head.parameters().ToList(), resumedDir).Run(resumed, resume: true);

        Assert.That(Weights(resumed), Is.EqualTo(Weights(straight)).Within(1e-6f));
        Assert.That(Weights(resumed), Is.Not.EqualTo(Weights(NewJob(TempDir(), data))), "training must change the weights");
    }

    static string TempDir() => Directory.CreateTempSubdirectory("asymvlm-resume-").FullName;

    sealed class SimulatedCrash : Exception;

    /// <summary>Fails at a given step, as a killed process would (after the checkpoint at step 3).</summary>
    sealed class CrashAt(TrainLoop.IJob inner, int step) : TrainLoop.IJob
    {
        public (Tensor Loss, string Details) Loss(int s) => s == step ? throw new SimulatedCrash() : inner.Loss(s);
        public void Evaluate(int s) => inner.Evaluate(s);
        public void SaveWeights(string dir) => inner.SaveWeights(dir);
        public void LoadWeights(string dir) => inner.LoadWeights(dir);
    }
}

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

    /// <summary>Where a run is killed: before a step, while a checkpoint is being written, or between the swap's two renames.</summary>
    public enum Kill { BeforeStep, WhileWritingCheckpoint, BetweenSwapRenames }

    [TestCase(Kill.BeforeStep, 1)]     // before the first checkpoint: the resumed run starts from step 0
    [TestCase(Kill.BeforeStep, 5)]
    [TestCase(Kill.BeforeStep, 7)]
    [TestCase(Kill.WhileWritingCheckpoint, 6)]
    [TestCase(Kill.BetweenSwapRenames, 6)]
    public void InterruptedRunResumesToTheSameScorer(Kill kill, int step)
    {
        var data = TinyTargets.Create(24, seed: 1);
        string straightDir = TempDir(), resumedDir = TempDir();

        var straight = NewJob(straightDir, data);
        new TrainLoop(Options, straight.Head.parameters().ToList(), straightDir).Run(straight, resume: false);

        var crashing = NewJob(resumedDir, data);
        var loop = new TrainLoop(Options, crashing.Head.parameters().ToList(), resumedDir);
        Assert.That(() => loop.Run(new CrashAt(crashing, kill == Kill.BeforeStep ? step : -1, kill == Kill.BeforeStep ? -1 : step), resume: false),
            Throws.InstanceOf<SimulatedCrash>());
        if (kill == Kill.BetweenSwapRenames)
        {
            // The first rename moved the previous checkpoint aside; the kill came before the new one, still in its
            // temporary, took the name (a killed process runs no cleanup, so both stay on disk).
            Directory.Move(loop.LatestCheckpoint, Path.Combine(resumedDir, $".latest.old-{Guid.NewGuid():N}"));
            Directory.CreateDirectory(Path.Combine(resumedDir, $".latest.tmp-{Guid.NewGuid():N}"));
        }
        var resumed = NewJob(resumedDir, data); // fresh process: new random init, then restore
        new TrainLoop(Options, resumed.Head.parameters().ToList(), resumedDir).Run(resumed, resume: true);

        Assert.That(Weights(resumed), Is.EqualTo(Weights(straight)).Within(1e-6f));
        Assert.That(Weights(resumed), Is.Not.EqualTo(Weights(NewJob(TempDir(), data))), "training must change the weights");
        Assert.That(Directory.GetDirectories(resumedDir, ".latest.*"), Is.Empty, "temporaries and superseded checkpoints are cleaned");
    }

    static string TempDir() => Directory.CreateTempSubdirectory("asymvlm-resume-").FullName;

    sealed class SimulatedCrash : Exception;

    /// <summary>
    /// Fails as a killed process would: before computing <paramref name="step"/>'s loss, or after half-writing the
    /// checkpoint taken once <paramref name="saveAfter"/> steps are done (checkpoints come every 3 steps).
    /// </summary>
    sealed class CrashAt(TrainLoop.IJob inner, int step, int saveAfter) : TrainLoop.IJob
    {
        int last = -1;
        public (Tensor Loss, string Details) Loss(int s) => s == step ? throw new SimulatedCrash() : inner.Loss(last = s);
        public void Evaluate(int s) => inner.Evaluate(s);
        public void SaveWeights(string dir)
        {
            inner.SaveWeights(dir);
            if (last + 1 == saveAfter)
            {
                File.WriteAllBytes(Path.Combine(dir, "scorer.safetensors"), [1, 2, 3]); // torn write
                throw new SimulatedCrash();
            }
        }
        public void LoadWeights(string dir) => inner.LoadWeights(dir);
    }
}

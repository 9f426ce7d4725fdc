using AsymVLM.Inference.Scoring;
using AsymVLM.Tests.Pipeline;
using AsymVLM.Training.Common;
using AsymVLM.Training.Distillation;

namespace AsymVLM.Tests.Distillation;

/// <summary>A warmup-stable-decay run extends from its stable-phase checkpoint without a jump in the learning rate.</summary>
public class WarmupStableDecayTests
{
    static readonly ImportanceHeadConfig Head = new() { InputSize = 48, Width = 8, GridHeight = 4, GridWidth = 4, RowKernel = 3 };

    static OptimizationOptions Options(int steps) => new()
    {
        Steps = steps, DecaySteps = 4, BatchSize = 4, LearningRate = 0.01, WarmupSteps = 2, CheckpointEvery = 3, EvalEvery = 100,
        LogEvery = 100, Seed = 7,
    };

    static HeadDistillation NewJob(string runDir, TeacherTargets data, int steps) =>
        new(TinyVlm.Create().Model, data, data, Head, new LossOptions(), Options(steps), runDir,
            metrics => new ScorerMetadata(Head, "tiny", "tiny-hash", new(), metrics));

    static float[] Weights(HeadDistillation job) =>
        job.Head.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();

    [Test]
    public void ScheduleHoldsThePeakUntilTheDecayAndEndsAtTheFloor()
    {
        var schedule = new LearningRateSchedule(1.0, WarmupSteps: 10, TotalSteps: 100, MinRatio: 0.1, DecaySteps: 20);
        Assert.That(schedule.DecayStart, Is.EqualTo(80));
        Assert.That(schedule.At(0), Is.EqualTo(0.1).Within(1e-12));
        Assert.That(Enumerable.Range(10, 70).Select(schedule.At), Is.All.EqualTo(1.0));
        Assert.That(schedule.At(99), Is.LessThan(0.11).And.GreaterThanOrEqualTo(0.1));
        var extended = schedule with { TotalSteps = 200 };
        Assert.That(Enumerable.Range(0, 81).Select(extended.At), Is.EqualTo(Enumerable.Range(0, 81).Select(schedule.At)),
            "an extended run agrees with the original up to the stable checkpoint");
    }

    [Test]
    public void ExtendedRunContinuesFromTheStableCheckpointAndEqualsALongerRun()
    {
        var data = TinyTargets.Create(24, seed: 1);
        string shortDir = TempDir(), longDir = TempDir();

        var shortRun = NewJob(shortDir, data, steps: 8);
        var shortLoop = new TrainLoop(Options(8), shortRun.Head.parameters().ToList(), shortDir);
        shortLoop.Run(shortRun, resume: false);
        Assert.That(File.ReadAllText(Path.Combine(shortLoop.StableCheckpoint, "trainer_state.json")), Does.Contain("\"step\":4"));

        // Extending to 12 steps: latest (step 8) is inside the decay, so the loop must continue from stable (step 4).
        var extended = NewJob(shortDir, data, steps: 12);
        new TrainLoop(Options(12), extended.Head.parameters().ToList(), shortDir).Run(extended, resume: true);

        var straight = NewJob(longDir, data, steps: 12);
        new TrainLoop(Options(12), straight.Head.parameters().ToList(), longDir).Run(straight, resume: false);
        Assert.That(Weights(extended), Is.EqualTo(Weights(straight)).Within(1e-6f));
    }

    [Test]
    public void ResumeRefusesACheckpointNoScheduleContinues()
    {
        var data = TinyTargets.Create(24, seed: 1);
        string dir = TempDir();
        var run = NewJob(dir, data, steps: 8);
        var loop = new TrainLoop(Options(8), run.Head.parameters().ToList(), dir);
        loop.Run(run, resume: false);
        Directory.Delete(loop.StableCheckpoint, recursive: true);

        var extended = NewJob(dir, data, steps: 12);
        Assert.That(() => new TrainLoop(Options(12), extended.Head.parameters().ToList(), dir).Run(extended, resume: true),
            Throws.InvalidOperationException.With.Message.Contains("jump the learning rate"));
    }

    static string TempDir() => Directory.CreateTempSubdirectory("asymvlm-wsd-").FullName;
}

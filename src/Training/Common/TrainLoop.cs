using System.Text.Json;
using System.Text.Json.Serialization;
using Serilog;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Training.Common;

/// <summary>
/// The optimization loop both training jobs share: AdamW with warmup + cosine or warmup-stable-decay, gradient
/// clipping, progress lines, periodic evaluation and atomic checkpoints, resuming from the latest checkpoint.
/// A job supplies the loss of a step (a pure function of the step index, so a resumed run repeats
/// an uninterrupted one) and what to save and evaluate.
/// </summary>
/// <param name="stableDir">
/// where a warmup-stable-decay run keeps the checkpoint taken as its decay begins (default RUN_DIR/stable): the
/// point to continue from with more steps, on this machine or another
/// </param>
public sealed class TrainLoop(OptimizationOptions options, IReadOnlyList<Parameter> parameters, string runDir, string? stableDir = null)
{
    public interface IJob
    {
        /// <summary>The scalar loss for this step's batch, plus values worth logging.</summary>
        (Tensor Loss, string Details) Loss(int step);
        void Evaluate(int step);
        void SaveWeights(string dir);
        void LoadWeights(string dir);
    }

    const string StateFile = "trainer_state.json";

    public string LatestCheckpoint => Path.Combine(runDir, "latest");

    public string StableCheckpoint => stableDir ?? Path.Combine(runDir, "stable");

    /// <summary>Whether a checkpoint (or the remains of one) is there that a fresh start would overwrite.</summary>
    public bool HoldsCheckpoint() =>
        new[] { LatestCheckpoint, StableCheckpoint }.Any(c =>
        {
            AtomicDirectory.Recover(c);
            return Directory.Exists(c);
        });

    public void Run(IJob job, bool resume)
    {
        var optimizer = optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay);
        var schedule = options.Schedule;
        int start = resume ? Restore(job, optimizer, schedule) : 0;
        var progress = new ProgressLog("train", options.Steps, start);
        var metrics = new MetricsLog(Path.Combine(runDir, "metrics.jsonl"));
        for (int step = start; step < options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            double lr = schedule.At(step);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            optimizer.zero_grad();
            var (loss, details) = job.Loss(step);
            loss.backward();
            double gradNorm = nn.utils.clip_grad_norm_(parameters, options.GradClip);
            optimizer.step();

            int done = step + 1;
            if (done % options.LogEvery == 0 || done == options.Steps)
            {
                double value = loss.item<float>();
                metrics.Write(new { step = done, loss = value, lr, grad_norm = gradNorm });
                progress.Report(done, $"loss {value:F4} lr {lr:E2} |g| {gradNorm:F2} {details}");
            }
            bool stableEnds = options.DecaySteps > 0 && done == schedule.DecayStart;
            if (done % options.CheckpointEvery == 0 || done == options.Steps || stableEnds) Save(LatestCheckpoint, job, optimizer, done, schedule);
            if (stableEnds) Save(StableCheckpoint, job, optimizer, done, schedule);
            if (done % options.EvalEvery == 0 || done == options.Steps) job.Evaluate(done);
        }
    }

    static void Save(string target, IJob job, OptimizerHelper optimizer, int step, LearningRateSchedule schedule) =>
        AtomicDirectory.Write(target, dir =>
        {
            job.SaveWeights(dir);
            optimizer.save_state_dict(Path.Combine(dir, "optimizer.bin"));
            File.WriteAllText(Path.Combine(dir, StateFile), JsonSerializer.Serialize(new TrainerState(step, schedule.At(step))));
        });

    /// <summary>The step after which the next step's rate is <see cref="NextLearningRate"/> (null in older checkpoints).</summary>
    sealed record TrainerState(
        [property: JsonPropertyName("step")] int Step,
        [property: JsonPropertyName("next_lr")] double? NextLearningRate);

    /// <summary>
    /// Continues the latest checkpoint when the schedule goes on from it without a jump in the rate; otherwise (the
    /// run was extended after its decay began) the stable-phase checkpoint. Refuses rather than silently start over.
    /// </summary>
    int Restore(IJob job, OptimizerHelper optimizer, LearningRateSchedule schedule)
    {
        if (!HoldsCheckpoint())
        {
            Log.Information("--resume: no checkpoint in {Latest} or {Stable}; starting at step 0", LatestCheckpoint, StableCheckpoint);
            return 0;
        }
        var reasons = new List<string>();
        foreach (var dir in new[] { LatestCheckpoint, StableCheckpoint }.Where(Directory.Exists))
        {
            var statePath = Path.Combine(dir, StateFile);
            if (!File.Exists(statePath))
            {
                reasons.Add($"{dir} has no {StateFile}");
                continue;
            }
            var state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(statePath))
                ?? throw new InvalidDataException($"{statePath} is empty.");
            if (state.Step > options.Steps)
            {
                reasons.Add($"{dir} is at step {state.Step}, past Training:Steps ({options.Steps})");
                continue;
            }
            if (state.NextLearningRate is { } recorded && Math.Abs(recorded - schedule.At(state.Step)) > 1e-9 * schedule.Peak)
            {
                reasons.Add($"{dir} (step {state.Step}) continued under this schedule would jump the learning rate from {recorded:E3} to {schedule.At(state.Step):E3}");
                continue;
            }
            job.LoadWeights(dir);
            optimizer.load_state_dict(Path.Combine(dir, "optimizer.bin"));
            foreach (var reason in reasons) Log.Warning("Not resuming: {Reason}", reason);
            Log.Information("Resumed from {Dir} at step {Step}", dir, state.Step);
            return state.Step;
        }
        throw new InvalidOperationException($"--resume: no checkpoint can continue this run ({string.Join("; ", reasons)}). " +
            "Set a new Output:RunDir to start over, or a schedule that continues one of them (warmup-stable-decay: Training:DecaySteps).");
    }
}

using Serilog;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AsymVLM.Training.Common;

/// <summary>
/// The optimization loop both training jobs share: AdamW with warmup + cosine, gradient clipping,
/// progress lines, periodic evaluation and atomic checkpoints, resuming from the latest checkpoint.
/// A job supplies the loss of a step (a pure function of the step index, so a resumed run repeats
/// an uninterrupted one) and what to save and evaluate.
/// </summary>
public sealed class TrainLoop(OptimizationOptions options, IReadOnlyList<Parameter> parameters, string runDir)
{
    public interface IJob
    {
        /// <summary>The scalar loss for this step's batch, plus values worth logging.</summary>
        (Tensor Loss, string Details) Loss(int step);
        void Evaluate(int step);
        void SaveWeights(string dir);
        void LoadWeights(string dir);
    }

    public string LatestCheckpoint => Path.Combine(runDir, "latest");

    public void Run(IJob job, bool resume)
    {
        var optimizer = optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay);
        int start = resume ? Restore(job, optimizer) : 0;
        var schedule = options.Schedule;
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
            if (done % options.CheckpointEvery == 0 || done == options.Steps) Save(job, optimizer, done);
            if (done % options.EvalEvery == 0 || done == options.Steps) job.Evaluate(done);
        }
    }

    void Save(IJob job, OptimizerHelper optimizer, int step) =>
        AtomicDirectory.Write(LatestCheckpoint, dir =>
        {
            job.SaveWeights(dir);
            optimizer.save_state_dict(Path.Combine(dir, "optimizer.bin"));
            File.WriteAllText(Path.Combine(dir, "trainer_state.json"), $"{{\"step\": {step}}}");
        });

    int Restore(IJob job, OptimizerHelper optimizer)
    {
        var state = Path.Combine(LatestCheckpoint, "trainer_state.json");
        if (!File.Exists(state)) return 0;
        int step = System.Text.Json.JsonDocument.Parse(File.ReadAllText(state)).RootElement.GetProperty("step").GetInt32();
        job.LoadWeights(LatestCheckpoint);
        optimizer.load_state_dict(Path.Combine(LatestCheckpoint, "optimizer.bin"));
        Log.Information("Resumed from {Dir} at step {Step}", LatestCheckpoint, step);
        return step;
    }
}

using TorchSharp;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Scoring;
using AsymVLM.Inference.Selection;
using AsymVLM.Training.Common;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// Trains the importance head on cached teacher targets. The VLM is frozen: only its embedding table is
/// read (for question embeddings) and none of its parameters are given to the optimizer. On an AnyRes dataset the head's
/// convolutions run over each view of its one <see cref="VisionLayout"/>.
/// </summary>
public sealed class HeadDistillation : TrainLoop.IJob
{
    readonly LlavaModel teacher;
    readonly TeacherTargets train, val;
    readonly LossOptions loss;
    readonly OptimizationOptions training;
    readonly Func<Dictionary<string, double>, ScorerMetadata> metadataFor;
    readonly MetricsLog evalLog;
    readonly VisionLayout? layout;

    public HeadDistillation(LlavaModel teacher, TeacherTargets train, TeacherTargets val, ImportanceHeadConfig head,
        LossOptions loss, OptimizationOptions training, string runDir, Func<Dictionary<string, double>, ScorerMetadata> metadataFor,
        VisionLayout? layout = null)
    {
        this.layout = layout;
        this.teacher = teacher;
        this.train = train;
        this.val = val;
        this.loss = loss;
        this.training = training;
        this.metadataFor = metadataFor;
        evalLog = new MetricsLog(Path.Combine(runDir, "eval.jsonl"));
        manual_seed(training.Seed);
        Head = new ImportanceHead(head);
        Head.to(teacher.Decoder.EmbedTokens.weight!.device);
    }

    public ImportanceHead Head { get; }
    public Dictionary<string, double> LastMetrics { get; private set; } = new();

    public (Tensor Loss, string Details) Loss(int step)
    {
        Head.train();
        // The batch is a pure function of (seed, step), so a resumed run sees the same batches.
        var rng = new Generator((ulong)(training.Seed * 1_000_003L + step));
        var rows = randint(0, train.Count, [training.BatchSize], generator: rng);
        var (vision, question, mask) = HeadInputs.For(train, rows, teacher);
        var output = Head.Forward(vision, question, mask, layout);
        var device = vision.device;
        var terms = DistillationLoss.Compute(output, train.Distribution.index_select(0, rows).to(device), train.Budget.index_select(0, rows).to(device), loss, rng);
        return (terms.Total, $"kl {terms.Kl.item<float>():F3} rank {terms.Rank.item<float>():F3} budget {terms.Budget.item<float>():F3}");
    }

    public void Evaluate(int step)
    {
        LastMetrics = HeadEvaluation.Learned(Head, val, teacher, layout).Summary();
        evalLog.Write(new { step, metrics = LastMetrics });
        Serilog.Log.Information("eval step {Step}: {Metrics}", step, string.Join(" ", LastMetrics.Select(kv => $"{kv.Key}={kv.Value:F3}")));
    }

    public void SaveWeights(string dir) => ScorerCheckpoint.Save(dir, Head, metadataFor(LastMetrics));

    public void LoadWeights(string dir)
    {
        var metadata = ScorerCheckpoint.ReadMetadata(dir);
        var (loaded, _) = ScorerCheckpoint.Load(dir, metadata.TeacherHash, teacher.Decoder.EmbedTokens.weight!.device);
        using var noGrad = no_grad();
        foreach (var ((_, target), (_, source)) in Head.named_parameters().Zip(loaded.named_parameters()))
            target.copy_(source);
    }
}

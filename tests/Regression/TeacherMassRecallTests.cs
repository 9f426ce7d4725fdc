using System.Text;
using AsymVLM.Inference.Selection;
using AsymVLM.Training.Configuration;
using AsymVLM.Training.Distillation;
using Microsoft.Extensions.Configuration;
using static AsymVLM.Tests.Regression.ShippedCheckpoints;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// Pruning quality measured against the teacher: on the committed test split, the scorer's top-k vision tokens must
/// hold most of the frozen VLM's teacher signal, and clearly more than the question-agnostic selectors keep. The
/// teacher settings are the ones the shipped scorer was distilled with (its scorer.json). The random-init scorer fails.
/// </summary>
[Category("Regression")]
public class TeacherMassRecallTests
{
    static readonly Lazy<TeacherTargets> Targets = new(() =>
    {
        var shipped = Load();
        var signal = new TeacherSignal(shipped.Vlm, TeacherSettingsOf(shipped));
        var items = shipped.TestSplit.Where(s => ShortAnswerFamilies.Contains(s.Sample.Family)).Take(120)
            .Select((s, i) => new TeacherSignal.Item(i, s.Pixels, s.Sample.Question, s.Sample.Answer)).ToList();
        return TeacherTargets.Concat(items.Chunk(16).Select(batch => signal.Compute(batch)).ToList());
    });

    // The Teacher section of the scorer's own training config, with the model directory found from the test binary.
    static TeacherOptions TeacherSettingsOf(ShippedCheckpoints shipped)
    {
        var json = new MemoryStream(Encoding.UTF8.GetBytes(shipped.Metadata.TrainingConfig.ToJsonString()));
        var config = new ConfigurationBuilder().AddJsonStream(json)
            .AddInMemoryCollection([new("Teacher:ModelDir", Path.Combine(RepositoryRoot(), "checkpoints", "reference-vlm"))]).Build();
        return JobConfiguration.Bind<TeacherOptions>(config, "Teacher");
    }

    static Verdict RecallFloor(ScorerKind kind)
    {
        var c = For(kind);
        double recall = HeadEvaluation.Learned(c.Head, Targets.Value, c.Vlm.Model).Recall[0.25];
        return new Verdict(recall >= MeasuredBars.RecallFloorAt25, $"recall at 25% keep {recall:P1}");
    }

    // The margin over CLS attention can be smaller than over random and uniform: the tower's CLS attention is itself a
    // content-aware (if question-agnostic) ranking.
    static Verdict RecallMargins(ScorerKind kind, double keep, double margin, double marginOverCls)
    {
        var c = For(kind);
        var targets = Targets.Value;
        double learned = HeadEvaluation.Learned(c.Head, targets, c.Vlm.Model).Recall[keep];
        int grid = c.Vlm.Model.Config.Vision.GridSize;
        var baselines = new (IVisionSelector Selector, double Margin)[]
            { (new RandomSelector(0), margin), (new UniformGridSelector(), margin), (new EncoderAttentionSelector(), marginOverCls) }
            .Select(b => (b.Selector.Name, b.Margin, Recall: HeadEvaluation.BaselineRecall(targets, b.Selector, AsymVLM.Inference.Selection.VisionLayout.Grid(grid, grid))[keep])).ToList();
        return new Verdict(baselines.All(b => learned - b.Recall >= b.Margin),
            $"keep {keep:P0}: learned {learned:P1} vs " + string.Join(", ", baselines.Select(b => $"{b.Name} {b.Recall:P1}")));
    }

    [Test]
    public void LearnedScorerRecoversMostTeacherMassAt25Percent() => Verdict.RequireHolds(RecallFloor(ScorerKind.Shipped));

    [Test]
    public void RandomInitScorerDoesNot() => Verdict.RequireFails(RecallFloor(ScorerKind.RandomInit));

    [TestCase(0.11, MeasuredBars.RecallMarginAt11, MeasuredBars.RecallMarginAt11)]
    [TestCase(0.25, MeasuredBars.RecallMarginAt25, MeasuredBars.RecallMarginOverClsAt25)]
    public void LearnedScorerRecoversMoreTeacherMassThanQuestionAgnosticSelectors(double keep, double margin, double marginOverCls) =>
        Verdict.RequireHolds(RecallMargins(ScorerKind.Shipped, keep, margin, marginOverCls));

    [TestCase(0.11, MeasuredBars.RecallMarginAt11, MeasuredBars.RecallMarginAt11)]
    [TestCase(0.25, MeasuredBars.RecallMarginAt25, MeasuredBars.RecallMarginOverClsAt25)]
    public void RandomInitScorerRecoversNoMoreThanThey(double keep, double margin, double marginOverCls) =>
        Verdict.RequireFails(RecallMargins(ScorerKind.RandomInit, keep, margin, marginOverCls));
}

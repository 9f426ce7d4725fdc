using AsymVLM.Inference.Evaluation;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Scoring;
using AsymVLM.Inference.Selection;
using AsymVLM.Tests.Evaluation;
using AsymVLM.Training.Cli;

namespace AsymVLM.Tests.Distillation;

/// <summary>
/// train.json's job on a tiny AnyRes teacher (NeXT + CLIP, OneVision + SigLIP): the teacher pass and a few distillation
/// steps write a scorer that <c>ask</c> and <c>eval</c> load on that model, whose learned selector keeps every newline, and a
/// held-out table with the <c>cls-attention</c> baseline on CLIP.
/// </summary>
public class AnyResDistillationTests
{
    static IEnumerable<TestCaseData> Models() => TinyAnyResTeacher.Models.Select(m => new TestCaseData(m.Type, m.Tower));

    [TestCaseSource(nameof(Models))]
    public void AFewStepsGiveAScorerThatAskAndEvalUseOnTheModel(string type, string tower)
    {
        using var teacher = new TinyAnyResTeacher(type, tower);
        string config = teacher.TrainJson(Path.Combine(teacher.Root, "val")), scorerDir = teacher.ScorerDir;
        Assert.That(TrainingCommands.Run([config]), Is.EqualTo(0));
        // The held-out table has the CLS attention baseline where the tower has a CLS token (CLIP), not on SigLIP.
        var heldOut = File.ReadAllText(Path.Combine(teacher.Root, "run", "heldout.md"));
        Assert.That(heldOut.Contains($"| {EncoderAttentionSelector.MethodName} |"), Is.EqualTo(tower == VisionConfig.Clip), heldOut);

        var head = ScorerCheckpoint.Load(scorerDir, teacher.Vlm.Hash, TorchSharp.torch.CPU).Head;
        var pipeline = new AsymPipeline(teacher.Vlm, head);
        var layout = teacher.Layout;
        using var image = teacher.Image(0);
        var budget = VisionBudget.OfRatio(0.25);
        int kept = budget.Resolve(layout.PatchCount, null);
        var result = pipeline.Ask(image, "what is the value of TOTAL?", new RequestOptions
        {
            Selector = LearnedSelector.MethodName, Budget = budget, Generation = new GenerationOptions { MaxNewTokens = 2 },
        });
        var newlines = layout.NewlineTokens();
        Assert.That(result.KeptIndices, Is.SupersetOf(newlines));
        Assert.That(result.KeptIndices.Except(newlines).Count(), Is.EqualTo(kept));

        using var set = new TinyEvalSet();
        var configurations = EvalConfiguration.Expand([LearnedSelector.MethodName], [0.25], ["none"], [0], adaptive: false);
        var outcomes = new EvalRunner(teacher.Vlm, pipeline, maxNewTokens: 1, seed: 0).Run(set.Samples, configurations);
        // The sweep also runs its unpruned reference; the learned requests keep the budget's patches and every newline.
        var learned = outcomes.Where(o => o.Configuration.Selector == LearnedSelector.MethodName).Select(o => o.Stats.VisionTokensKept).ToList();
        Assert.That(learned, Is.Not.Empty.And.All.EqualTo(kept + newlines.Length));
    }
}

using AsymVLM.Inference.Evaluation;

namespace AsymVLM.Tests.Evaluation;

public class KeptPatchGridTests
{
    static EvalConfiguration C(string selector, double keep, string policy = "none", int budget = 0, bool adaptive = false) =>
        new(selector, keep, adaptive, policy, budget);

    [Test]
    public void ShowsTheLearnedSelectorAtTheKeepNearestAQuarter()
    {
        var chosen = KeptPatchGrid.Choose([EvalConfiguration.Unpruned, C("uniform", 0.25), C("learned", 0.5),
            C("learned", 1, adaptive: true), C("learned", 0.11), C("learned", 0.2)]);
        Assert.That(chosen, Is.EqualTo(C("learned", 0.2)));
    }

    [Test]
    public void FallsBackToTheFirstPruningSelectorWhateverItsTextPolicy()
    {
        var chosen = KeptPatchGrid.Choose([EvalConfiguration.Unpruned, C("visionzip", 0.5, "h2o", 8), C("random", 0.25), C("visionzip", 0.25, "h2o", 8)]);
        Assert.That(chosen, Is.EqualTo(C("visionzip", 0.25, "h2o", 8)));
    }

    [Test]
    public void ShowsTheUnprunedRunWhenNothingWasPruned() =>
        Assert.That(KeptPatchGrid.Choose([EvalConfiguration.Unpruned, C("none", 1, "tova", 8)]), Is.EqualTo(EvalConfiguration.Unpruned));
}

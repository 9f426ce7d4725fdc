using AsymVLM.Inference.Eviction;

namespace AsymVLM.Tests.Eviction;

public class TemporalThresholdPolicyTests
{
    // The mechanics are checked with a recent window, which the defaults (fit to the reference VLM) leave out.
    static PolicyDriver Policy() => new(new TemporalThresholdPolicy(sinks: 2, recent: 4));

    [Test]
    public void EvictsNothingWithinBudgetEvenWhenScoresAreTiny()
    {
        var steps = DecodeSimulation.Run(new TemporalThresholdPolicy(), budget: 66, fixedAttention: _ => 1e-9f);

        Assert.That(steps.SelectMany(s => s.Evicted), Is.Empty);
        Assert.That(steps[^1].Kept, Has.Length.EqualTo(66));
    }

    [Test]
    public void ProtectsTheSinksAndTheRecentWindowEvenWhenTheyAreNotAttended()
    {
        // Sinks 0, 1 and the newest four 6..9 get no attention; the middle gets all of it.
        float[] attention = [0, 0, 0.2f, 0.2f, 0.2f, 0.2f, 0, 0, 0, 0];
        var step = new EvictionStep(Enumerable.Range(0, 10).Select(i => (long)i).ToArray(), attention, Budget: 6);

        var evicted = Policy().SelectEvictions(step);

        Assert.That(evicted, Is.EquivalentTo(new long[] { 2, 3, 4, 5 }));
    }

    [Test]
    public void NeverEvictsSinksOrTheRecentWindowDuringDecode()
    {
        var steps = DecodeSimulation.Run(new TemporalThresholdPolicy(sinks: 2, recent: 4), budget: 10, seed: 4);

        foreach (var step in steps.Where(s => s.Evicted.Length > 0))
        {
            Assert.That(step.Cached.Take(2), Is.SubsetOf(step.Kept), $"step {step.Step}: sinks");
            Assert.That(step.Cached.TakeLast(4), Is.SubsetOf(step.Kept), $"step {step.Step}: recent window");
        }
    }

    [Test]
    public void EvictsEveryEntryUnderTheThresholdNotJustTheExcess()
    {
        // Candidates 2..6 score [0.3, 0.01, 0.3, 0.02, 0.3]: mean 0.186, cutoff 0.093. One over budget, two go.
        float[] attention = [0.1f, 0.1f, 0.3f, 0.01f, 0.3f, 0.02f, 0.3f, 0.1f, 0.1f, 0.1f, 0.1f];
        var step = new EvictionStep(Enumerable.Range(0, 11).Select(i => (long)i).ToArray(), attention, Budget: 10);

        var evicted = Policy().SelectEvictions(step);

        Assert.That(evicted, Is.EquivalentTo(new long[] { 3, 5 }));
    }

    [Test]
    public void FallsBackToTheLowestScoresWhenTooFewAreUnderTheThreshold()
    {
        // Candidates 2..6 score close to their mean: none under half of it, so the two lowest go.
        float[] attention = [0, 0, 0.10f, 0.11f, 0.09f, 0.12f, 0.13f, 0, 0, 0, 0];
        var step = new EvictionStep(Enumerable.Range(0, 11).Select(i => (long)i).ToArray(), attention, Budget: 9);

        var evicted = Policy().SelectEvictions(step);

        Assert.That(evicted, Is.EquivalentTo(new long[] { 2, 4 }));
    }

    [Test]
    public void ForgetsAttentionThatStoppedWhereAccumulationWouldNot()
    {
        // Entry 0 was attended strongly once; 1 and 2 a little, every step. Decay 0.5 over 10 steps
        // leaves 0 at ~0.001 against ~0.2 and ~0.1; summed attention (1.0, 1.1, 0.55) would keep 0 over 2.
        using var temporal = new PolicyDriver(new TemporalThresholdPolicy(sinks: 0, recent: 0, decay: 0.5f));
        using var heavyHitters = new PolicyDriver(new H2OPolicy(recent: 0));
        long[] ids = [0, 1, 2];
        for (int step = 0; step < 10; step++)
        {
            float[] attention = step == 0 ? [1.0f, 0.1f, 0.05f] : [0f, 0.1f, 0.05f];
            temporal.SelectEvictions(new EvictionStep(ids, attention, Budget: 0));
            heavyHitters.SelectEvictions(new EvictionStep(ids, attention, Budget: 0));
        }

        var last = new EvictionStep(ids, [0f, 0.1f, 0.05f], Budget: 2);
        Assert.That(temporal.SelectEvictions(last), Is.EqualTo(new long[] { 0 }));
        Assert.That(heavyHitters.SelectEvictions(last), Is.EqualTo(new long[] { 2 }));
    }

    [TestCase(-0.1f, 0.5f)]
    [TestCase(1.5f, 0.5f)]
    [TestCase(0.9f, -1f)]
    [TestCase(0.9f, float.NaN)]
    public void RejectsDecayOutsideZeroToOneAndNegativeThreshold(float decay, float threshold) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TemporalThresholdPolicy(decay: decay, threshold: threshold));
}

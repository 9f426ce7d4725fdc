using AsymVLM.Inference.Eviction;

namespace AsymVLM.Tests.Eviction;

public class H2OPolicyTests
{
    [Test]
    public void KeepsAnEntryThatAlwaysReceivesHighAttention()
    {
        // Entry 2 draws 0.4 every step; the prompt entries before it draw nothing.
        var steps = DecodeSimulation.Run(new H2OPolicy(), budget: 5, fixedAttention: id => id == 2 ? 0.4f : id < 2 ? 0f : null);

        var evicted = steps.SelectMany(s => s.Evicted).ToArray();
        Assert.That(evicted, Does.Not.Contain(2L));
        Assert.That(evicted, Does.Contain(0L).And.Contain(1L), "older entries do go");
    }

    [Test]
    public void KeepsTheRecentWindowOfHalfTheBudget()
    {
        var steps = DecodeSimulation.Run(new H2OPolicy(), budget: 10);

        foreach (var step in steps.Where(s => s.Cached.Length > 10))
            Assert.That(step.Cached.TakeLast(5), Is.SubsetOf(step.Kept), $"step {step.Step}");
    }

    [Test]
    public void EvictsTheOlderEntryWithTheLeastAccumulatedAttention()
    {
        using var policy = new PolicyDriver(new H2OPolicy(recent: 1));
        policy.SelectEvictions(new EvictionStep([1, 2, 3], [0.5f, 0.0f, 0.1f], Budget: 0));

        // Now: 1 has 0.5, 2 has 0.3, 3 has 0.4; 4 is new and recent.
        var evicted = policy.SelectEvictions(new EvictionStep([1, 2, 3, 4], [0.0f, 0.3f, 0.3f, 0.1f], Budget: 3));

        Assert.That(evicted, Is.EqualTo(new long[] { 2 }));
    }

    [Test]
    public void RejectsANegativeRecentWindow() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new H2OPolicy(recent: -1));
}

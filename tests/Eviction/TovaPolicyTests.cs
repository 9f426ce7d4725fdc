using AsymVLM.Inference.Eviction;

namespace AsymVLM.Tests.Eviction;

public class TovaPolicyTests
{
    [Test]
    public void EvictsTheEntriesWithTheLowestCurrentAttention()
    {
        var step = new EvictionStep([10, 11, 12, 13, 14, 15], [0.3f, 0.01f, 0.2f, 0.02f, 0.1f, 0.05f], Budget: 4);

        var evicted = new PolicyDriver(new TovaPolicy()).SelectEvictions(step);

        Assert.That(evicted, Is.EquivalentTo(new long[] { 11, 13 }));
    }

    [Test]
    public void NeverKeepsAnEntryAttendedLessThanOneItEvicts()
    {
        var steps = DecodeSimulation.Run(new TovaPolicy(), budget: 5, seed: 3);

        foreach (var step in steps.Where(s => s.Evicted.Length > 0))
        {
            var weight = step.Cached.Zip(step.Attention).ToDictionary(p => p.First, p => p.Second);
            Assert.That(step.Evicted.Max(id => weight[id]), Is.LessThanOrEqualTo(step.Kept.Min(id => weight[id])),
                $"step {step.Step}");
        }
    }
}

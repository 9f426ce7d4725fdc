using AsymVLM.Inference.Eviction;

namespace AsymVLM.Tests.Eviction;

public class StreamingLlmPolicyTests
{
    [Test]
    public void KeepsExactlyTheSinksAndTheMostRecentEntries()
    {
        var steps = DecodeSimulation.Run(new StreamingLlmPolicy(), budget: 10);

        foreach (var step in steps.Where(s => s.Cached.Length > 10))
        {
            var expected = step.Cached.Take(4).Concat(step.Cached.TakeLast(6));
            Assert.That(step.Kept, Is.EqualTo(expected), $"step {step.Step}");
        }
    }

    [Test]
    public void SinksLeaveRoomForTheNewestEntryWhenTheBudgetIsSmall()
    {
        var step = new EvictionStep([10, 11, 12, 13, 14, 15], new float[6], Budget: 3);

        var evicted = new PolicyDriver(new StreamingLlmPolicy(sinks: 4)).SelectEvictions(step);

        Assert.That(evicted, Is.EqualTo(new long[] { 12, 13, 14 }));
    }

    [Test]
    public void RejectsNegativeSinks() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingLlmPolicy(sinks: -1));
}

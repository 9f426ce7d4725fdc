using AsymVLM.Inference.Eviction;

namespace AsymVLM.Tests.Eviction;

public class TextEvictionContractTests
{
    private static readonly TextEvictionPolicyRegistry Registry = TextEvictionPolicyRegistry.WithBuiltIns();

    private static IEnumerable<TestCaseData> BudgetedPoliciesAndBudgets() =>
        from name in Registry.Names
        where name != NoEvictionPolicy.MethodName
        from budget in new[] { 5, 10 }
        select new TestCaseData(name, budget);

    private static IEnumerable<TestCaseData> PoliciesAndUnboundedBudgets() =>
        from name in Registry.Names
        from budget in new[] { 0, -1, int.MaxValue }
        select new TestCaseData(name, budget);

    [TestCaseSource(nameof(BudgetedPoliciesAndBudgets))]
    public void StaysWithinBudgetEvictingOnlyCachedEntriesAndOnlyWhenOver(string name, int budget)
    {
        var steps = DecodeSimulation.Run(Registry.Create(name), budget, seed: budget);

        foreach (var step in steps)
        {
            Assert.That(step.Evicted, Is.Unique, $"step {step.Step}");
            Assert.That(step.Evicted, Is.SubsetOf(step.Cached), $"step {step.Step}");
            Assert.That(step.Kept, Has.Length.LessThanOrEqualTo(budget), $"step {step.Step}");
            if (step.Cached.Length <= budget)
                Assert.That(step.Evicted, Is.Empty, $"step {step.Step} was within budget");
        }
        Assert.That(steps.Any(s => s.Evicted.Length > 0), Is.True, "the simulation outgrows the budget");
    }

    [TestCaseSource(nameof(PoliciesAndUnboundedBudgets))]
    public void NeverEvictsUnderAnUnboundedBudget(string name, int budget)
    {
        var steps = DecodeSimulation.Run(Registry.Create(name), budget);

        Assert.That(steps.SelectMany(s => s.Evicted), Is.Empty);
        Assert.That(steps[^1].Kept, Has.Length.EqualTo(DecodeSimulation.PromptLength + 60));
    }

    [Test]
    public void NoEvictionIgnoresABoundedBudget()
    {
        var steps = DecodeSimulation.Run(new NoEvictionPolicy(), budget: 5);

        Assert.That(steps.SelectMany(s => s.Evicted), Is.Empty);
    }

    [Test]
    public void RejectsAttentionNotAlignedWithTheIds()
    {
        var step = new EvictionStep(3, [1, 2, 3], [0.1f, 0.2f], Budget: 2);

        var error = Assert.Throws<ArgumentException>(() => new TovaPolicy().SelectEvictions(step));
        Assert.That(error!.Message, Does.Contain("step 3").And.Contain("2 attention weights for 3 text entries"));
    }

    [Test]
    public void RejectsRepeatedIdsAndNegativeAttention()
    {
        var repeated = new EvictionStep(0, [1, 2, 1], [0.1f, 0.2f, 0.1f], Budget: 2);
        var negative = new EvictionStep(0, [1, 2, 3], [0.1f, -0.2f, 0.1f], Budget: 2);

        Assert.That(() => new H2OPolicy().SelectEvictions(repeated),
            Throws.ArgumentException.With.Message.Contains("id 1 is listed twice"));
        Assert.That(() => new H2OPolicy().SelectEvictions(negative),
            Throws.ArgumentException.With.Message.Contains("attention -0.2 for entry 2"));
    }

    [Test]
    public void RejectsARuleThatEvictsAnUncachedIdOrLeavesTooMany()
    {
        var step = new EvictionStep(0, [1, 2, 3], [0.1f, 0.2f, 0.1f], Budget: 2);

        Assert.That(() => new FixedEvictions("stranger", [7]).SelectEvictions(step),
            Throws.InvalidOperationException.With.Message.Contains("evicts id 7, which is not cached"));
        Assert.That(() => new FixedEvictions("lazy", []).SelectEvictions(step),
            Throws.InvalidOperationException.With.Message.Contains("leaves 3 text entries, over the budget of 2"));
    }

    /// <summary>A faulty rule that evicts a fixed list.</summary>
    private sealed class FixedEvictions(string name, long[] evictions) : TextEvictionPolicy
    {
        public override string Name => name;

        protected override IReadOnlyList<long> ChooseEvictions(EvictionStep step) => evictions;
    }
}

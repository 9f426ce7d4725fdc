using AsymVLM.Inference.Eviction;
using static TorchSharp.torch;

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
    public void ARuleEvictsNothingWithinTheBudgetAndOnlyLiveSlotsOverIt()
    {
        // A rule that would evict every slot: the base lets it act only over the budget, and only on live slots.
        using var within = new PolicyDriver(new EvictEverySlot());
        Assert.That(within.SelectEvictions(new EvictionStep([1, 2, 3], [0.1f, 0.2f, 0.1f], Budget: 3)), Is.Empty);
        using var over = new PolicyDriver(new EvictEverySlot());
        Assert.That(over.SelectEvictions(new EvictionStep([1, 2, 3], [0.1f, 0.2f, 0.1f], Budget: 2)), Is.EquivalentTo(new long[] { 1, 2, 3 }));
    }

    /// <summary>A faulty rule that evicts every slot, dead ones included.</summary>
    private sealed class EvictEverySlot : TextEvictionPolicy
    {
        public override string Name => "everything";

        protected override Tensor ChooseEvictions(TextEntries entries, Tensor count) => ones_like(entries.Live);
    }
}

using AsymVLM.Inference.Selection;

namespace AsymVLM.Tests.Selection;

public class VisionSelectorContractTests : TorchScopedTest
{
    private const int N = SelectionInputs.TokenCount;

    private static readonly int[] Budgets = [1, 2, N / 4, N - 1, N];

    private static IEnumerable<TestCaseData> SelectorsAndBudgets() =>
        from name in VisionSelectorRegistry.WithBaselines().Names
        from keep in Budgets
        select new TestCaseData(name, keep);

    private static IEnumerable<TestCaseData> SelectorsAndBadBudgets() =>
        from name in VisionSelectorRegistry.WithBaselines().Names
        from keep in new[] { 0, -3, N + 1 }
        select new TestCaseData(name, keep);

    [TestCaseSource(nameof(SelectorsAndBudgets))]
    public void KeepsSortedDistinctInRangeIndicesOfTheBudgetedCount(string name, int keep)
    {
        var selector = VisionSelectorRegistry.WithBaselines().Create(name, seed: 11);
        var selection = selector.Select(SelectionInputs.Random(seed: keep), keep);

        int expected = name == NoPruningSelector.MethodName ? N : keep;
        Assert.That(selection.Indices, Has.Length.EqualTo(expected));
        Assert.That(selection.Indices, Is.Ordered.Ascending);
        Assert.That(selection.Indices, Is.Unique);
        Assert.That(selection.Indices, Has.All.InRange(0L, N - 1L));
        if (selection.Replacements is { } replacements)
            Assert.That(replacements.shape, Is.EqualTo(new long[] { expected, SelectionInputs.Width }));
    }

    [TestCaseSource(nameof(SelectorsAndBadBudgets))]
    public void RejectsBudgetOutsideOneToTokenCount(string name, int keep)
    {
        var selector = VisionSelectorRegistry.WithBaselines().Create(name, seed: 0);
        var input = SelectionInputs.Random(seed: 1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => selector.Select(input, keep));
        Assert.That(error!.ActualValue, Is.EqualTo(keep));
        Assert.That(error.Message, Does.Contain($"got {keep}"));
    }

    [Test]
    public void NoPruningKeepsEveryTokenUnchangedWhateverTheBudget()
    {
        var input = SelectionInputs.Random(seed: 2);
        foreach (int keep in new[] { N, 1 })
        {
            var selection = new NoPruningSelector().Select(input, keep);
            Assert.That(selection.Indices, Is.EqualTo(Enumerable.Range(0, N).Select(i => (long)i)));
            Assert.That(selection.Replacements, Is.Null);
        }
    }

    [Test]
    public void RejectsEncoderAttentionOfTheWrongLength()
    {
        var good = SelectionInputs.Random(seed: 3);
        var input = good with { EncoderAttention = TorchSharp.torch.ones(N - 1) };

        var error = Assert.Throws<ArgumentException>(() => new DivPruneSelector().Select(input, 4));
        Assert.That(error!.Message, Does.Contain("EncoderAttention").And.Contain($"[{N}]"));
    }

    [Test]
    public void RejectsAnAlgorithmThatBreaksTheSelectionContract()
    {
        var input = SelectionInputs.Random(seed: 4);

        var error = Assert.Throws<InvalidOperationException>(() => new DescendingSelector().Select(input, 3));
        Assert.That(error!.Message, Does.Contain("descending").And.Contain("not strictly ascending"));
    }

    /// <summary>A faulty algorithm: right count, wrong order.</summary>
    private sealed class DescendingSelector : VisionSelector
    {
        public override string Name => "descending";

        protected override TokenSelection SelectTokens(SelectionInput input, int keep) =>
            new(Enumerable.Range(0, keep).Select(i => (long)(keep - 1 - i)).ToArray(), null);
    }
}

using AsymVLM.Inference.Selection;

namespace AsymVLM.Tests.Selection;

public class RandomSelectorTests : TorchScopedTest
{
    [Test]
    public void SameSeedGivesTheSameSequenceOfSelections()
    {
        var input = SelectionInputs.Random(seed: 5);
        var first = new RandomSelector(seed: 42);
        var second = new RandomSelector(seed: 42);

        var firstCall = first.Select(input, 16).Indices;
        var secondCall = first.Select(input, 16).Indices;

        Assert.That(second.Select(input, 16).Indices, Is.EqualTo(firstCall));
        Assert.That(second.Select(input, 16).Indices, Is.EqualTo(secondCall));
        Assert.That(secondCall, Is.Not.EqualTo(firstCall), "each call draws afresh");
    }

    [Test]
    public void DifferentSeedsGiveDifferentSelections()
    {
        var input = SelectionInputs.Random(seed: 5);

        var a = new RandomSelector(seed: 1).Select(input, 16).Indices;
        var b = new RandomSelector(seed: 2).Select(input, 16).Indices;

        Assert.That(b, Is.Not.EqualTo(a));
    }
}

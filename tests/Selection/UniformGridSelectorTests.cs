using AsymVLM.Inference.Selection;

namespace AsymVLM.Tests.Selection;

public class UniformGridSelectorTests : TorchScopedTest
{
    private const int Side = SelectionInputs.Side;

    [TestCase(4)]
    [TestCase(5)]
    [TestCase(16)]
    [TestCase(63)]
    public void CoversAllFourQuadrants(int keep)
    {
        var indices = new UniformGridSelector().Select(SelectionInputs.Random(seed: 6), keep).Indices;

        var quadrants = indices.Select(i => (Row: i / Side >= Side / 2, Col: i % Side >= Side / 2)).Distinct();
        Assert.That(quadrants.Count(), Is.EqualTo(4));
    }

    [Test]
    public void SixteenOfAnEightByEightGridIsEveryOtherRowAndColumn()
    {
        var indices = new UniformGridSelector().Select(SelectionInputs.Random(seed: 6), 16).Indices;

        int[] lattice = [1, 3, 5, 7];
        var expected = from row in lattice from col in lattice select (long)(row * Side + col);
        Assert.That(indices, Is.EqualTo(expected));
    }

    [Test]
    public void SpreadsAlongTheLongSideOfAWideGrid()
    {
        var input = SelectionInputs.Random(seed: 6) with { Layout = VisionLayout.Grid(4, 16) };

        var indices = new UniformGridSelector().Select(input, 4).Indices;

        // One lattice row at grid row 2; columns at the centres of four 4-wide bands.
        Assert.That(indices, Is.EqualTo(new long[] { 34, 38, 42, 46 }));
    }

    [Test]
    public void RejectsAGridThatDoesNotCoverTheTokens()
    {
        var input = SelectionInputs.Random(seed: 6) with { Layout = VisionLayout.Grid(7, 8) };

        var error = Assert.Throws<ArgumentException>(() => new UniformGridSelector().Select(input, 4));
        Assert.That(error!.Message, Does.Contain("7x8").And.Contain("56 patches").And.Contain("64"));
    }
}

using AsymVLM.Inference.Selection;

namespace AsymVLM.Tests.Selection;

public class DivPruneSelectorTests : TorchScopedTest
{
    [Test]
    public void PicksOneTokenFromEachCluster()
    {
        // Four clusters of four tokens, each around a different axis; members in raster order 0,4,8,12 are cluster 0, ...
        var tokens = new float[16, 4];
        for (int i = 0; i < 16; i++)
        {
            tokens[i, i % 4] = 1;
            tokens[i, (i + 1) % 4] = 0.05f * (i / 4);
        }
        var input = SelectionInputs.FromRows(tokens, null, 4, 4);

        var indices = new DivPruneSelector().Select(input, 4).Indices;

        Assert.That(indices.Select(i => i % 4).Order(), Is.EqualTo(new long[] { 0, 1, 2, 3 }));
    }

    [Test]
    public void StartsFromTheMostIsolatedToken()
    {
        // Fifteen tokens close together and one pointing elsewhere.
        var tokens = new float[16, 2];
        for (int i = 0; i < 16; i++)
            (tokens[i, 0], tokens[i, 1]) = (1, 0.01f * i);
        (tokens[9, 0], tokens[9, 1]) = (-1, 1);
        var input = SelectionInputs.FromRows(tokens, null, 4, 4);

        var indices = new DivPruneSelector().Select(input, 1).Indices;

        Assert.That(indices, Is.EqualTo(new long[] { 9 }));
    }

    [Test]
    public void NeverPicksATokenTwiceAmongDuplicates()
    {
        var tokens = new float[9, 3];
        for (int i = 0; i < 9; i++)
            tokens[i, 0] = 1;
        var input = SelectionInputs.FromRows(tokens, null, 3, 3);

        var indices = new DivPruneSelector().Select(input, 9).Indices;

        Assert.That(indices, Is.EqualTo(Enumerable.Range(0, 9).Select(i => (long)i)));
    }
}

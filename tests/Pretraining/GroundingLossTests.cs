using AsymVLM.Training.Pretraining;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Pretraining;

public class GroundingLossTests
{
    [Test]
    public void LossIsMinusLogOfTheMassEachQueryPutsOnItsKeysAveragedOverQueries()
    {
        // B = 1, L = 3: query 1 should look at key 0; query 2 at keys 0 and 1.
        using var attention = tensor(new float[] { 1, 0, 0, 0.25f, 0.75f, 0, 0.1f, 0.3f, 0.6f }).view(1, 3, 3);
        var pairs = new GroundingLoss.PairsBuilder(3);
        pairs.Add(1, [0]);
        pairs.Add(2, [0, 1]);
        double loss = GroundingLoss.Loss(attention, pairs.Build()).item<float>();
        Assert.That(loss, Is.EqualTo(-(Math.Log(0.25) + Math.Log(0.4)) / 2).Within(1e-5));
    }

    [Test]
    public void QueriesOfLaterRowsIndexTheirOwnRow()
    {
        using var attention = zeros(2, 2, 2);
        attention[1, 1, 0] = tensor(1f); // only row 1's query 1 attends to key 0
        var pairs = new GroundingLoss.PairsBuilder(2);
        pairs.Add(1 * 2 + 1, [0]);
        Assert.That(GroundingLoss.Loss(attention, pairs.Build()).item<float>(), Is.EqualTo(0).Within(1e-5));
    }

    [Test]
    public void NoPairsGiveZeroLoss()
    {
        using var attention = ones(1, 2, 2);
        Assert.That(GroundingLoss.Loss(attention, new GroundingLoss.PairsBuilder(2).Build()).item<float>(), Is.Zero);
    }
}

using AsymVLM.Training.Distillation;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Distillation;

public class AttentionRolloutTests
{
    [Test]
    public void TwoLayersGiveTheHandComputedFlow()
    {
        using var scope = NewDisposeScope();
        var layer0 = tensor(new float[,] { { 1, 0, 0 }, { 0.5f, 0.5f, 0 }, { 0.2f, 0.3f, 0.5f } }).unsqueeze(0); // [1, 3, 3]
        var layer1 = tensor(new float[,] { { 1, 0, 0 }, { 0.4f, 0.6f, 0 }, { 0.1f, 0.1f, 0.8f } }).unsqueeze(0);
        // Â0 = 0.5·A0 + 0.5·I = [[1,0,0],[.25,.75,0],[.1,.15,.75]], Â1 = [[1,0,0],[.2,.8,0],[.05,.05,.9]];
        // Â1·Â0 row 1 = .2·[1,0,0] + .8·[.25,.75,0]; row 2 = .05·[1,0,0] + .05·[.25,.75,0] + .9·[.1,.15,.75].
        var flow = AttentionRollout.Of([layer0, layer1])[0];
        Assert.That(flow.data<float>().ToArray(), Is.EqualTo(new[] { 1f, 0, 0, 0.4f, 0.6f, 0, 0.1525f, 0.1725f, 0.675f }).Within(1e-6f));
    }

    [Test]
    public void AKeyThatTheValueReadEarlierSharesTheCredit()
    {
        using var scope = NewDisposeScope();
        // Token 0 is a key, 1 its value, 2 the answer. Layer 0: the value reads the key. Layer 1: the answer reads the value only.
        var layer0 = tensor(new float[,] { { 1, 0, 0 }, { 1, 0, 0 }, { 0, 0, 1 } }).unsqueeze(0);
        var layer1 = tensor(new float[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 1, 0 } }).unsqueeze(0);
        var answerRow = AttentionRollout.Of([layer0, layer1])[0, 2].data<float>().ToArray();
        // Â1 row 2 = [0, .5, .5]; Â0 rows 1, 2 = [.5, .5, 0], [0, 0, 1]: the key gets .25 though the answer never attends to it.
        Assert.That(answerRow, Is.EqualTo(new[] { 0.25f, 0.25f, 0.5f }).Within(1e-6f));
    }

    [Test]
    public void RowsThatDoNotSumToOneAreRenormalized()
    {
        using var scope = NewDisposeScope();
        var scaled = tensor(new float[,] { { 2, 0 }, { 1, 1 } }).unsqueeze(0);
        var flow = AttentionRollout.Of([scaled])[0].data<float>().ToArray();
        // 0.5·A + 0.5·I = [[1.5, 0], [.5, 1]], rows renormalized.
        Assert.That(flow, Is.EqualTo(new[] { 1f, 0, 1 / 3f, 2 / 3f }).Within(1e-6f));
    }
}

using AsymVLM.Training.Distillation;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Distillation;

public class LossBudgetLadderTests
{
    static readonly int[] Ladder = [8, 16, 32, 48, 64, 96, 128, 192, 256];

    [Test]
    public void TheLadderIsCappedAtTheTokenCountWhichClosesIt()
    {
        Assert.That(LossBudgetLadder.Rungs(Ladder, 16), Is.EqualTo(new[] { 8, 16 }));
        Assert.That(LossBudgetLadder.Rungs(Ladder, 20), Is.EqualTo(new[] { 8, 16, 20 }));
        Assert.That(LossBudgetLadder.Rungs(Ladder, 256), Is.EqualTo(Ladder));
        Assert.That(LossBudgetLadder.Rungs(Ladder, 4), Is.EqualTo(new[] { 4 }));
        Assert.That(LossBudgetLadder.Rungs(Ladder, 576), Is.EqualTo(Ladder.Append(576)));
    }

    [Test]
    public void TheBudgetIsTheSmallestRungWithinToleranceOfTheUnprunedLoss()
    {
        using var scope = NewDisposeScope();
        int[] rungs = [8, 16, 32, 64];
        var losses = tensor(new float[,]
        {
            { 3.0f, 1.05f, 1.2f, 1.0f },  // 16 is within 0.1 of the unpruned 1.0, though 32 is not: the smallest counts
            { 0.9f, 1.5f, 1.5f, 1.0f },   // already better at 8
            { 5.0f, 4.0f, 3.0f, 1.0f },   // only the unpruned rung
        });
        Assert.That(LossBudgetLadder.Choose(losses, rungs, 0.1).data<long>().ToArray(), Is.EqualTo(new long[] { 16, 8, 64 }));
    }

    [Test]
    public void TheBudgetShrinksMonotonicallyAsTheToleranceGrowsAndStaysOnTheLadder()
    {
        using var scope = NewDisposeScope();
        int[] rungs = LossBudgetLadder.Rungs(Ladder, 256);
        var losses = rand([50, rungs.Length], generator: new Generator(5)) * 3;
        long[]? previous = null;
        foreach (double tolerance in new[] { 0.0, 0.05, 0.1, 0.3, 1, 3, 10 })
        {
            var budgets = LossBudgetLadder.Choose(losses, rungs, tolerance).data<long>().ToArray();
            Assert.That(budgets, Has.All.InRange(8L, 256L));
            Assert.That(budgets.All(b => rungs.Contains((int)b)));
            if (previous is not null) Assert.That(budgets.Zip(previous).All(p => p.First <= p.Second), $"tolerance {tolerance}");
            previous = budgets;
        }
        Assert.That(previous, Has.All.EqualTo(8L), "a tolerance above every loss gap keeps the smallest rung");
    }
}

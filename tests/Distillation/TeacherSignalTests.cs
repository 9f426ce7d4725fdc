using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Pipeline;
using AsymVLM.Training.Distillation;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Distillation;

/// <summary>The teacher signals and budget targets on TinyVlm (16 vision tokens, 3 decoder layers).</summary>
public class TeacherSignalTests
{
    static Vlm Teacher = null!;
    static Vlm SiglipTeacher = null!;

    // Built outside every test's dispose scope, which would otherwise take the model's buffers with it.
    [OneTimeSetUp]
    public void CreateTeachers()
    {
        Teacher = TinyVlm.Create(seed: 3);
        SiglipTeacher = TinyVlm.Create(seed: 3, tower: Inference.Model.VisionConfig.Siglip);
    }

    static TeacherOptions Options(string signal, string budget = TeacherOptions.MassBudget, double tolerance = 0.1) => new()
    {
        ModelDir = ".", Layers = [1], Signal = signal, BudgetTarget = budget, LossTolerance = tolerance, BudgetLadder = [2, 4, 8],
    };

    static List<TeacherSignal.Item> Items(params string[] answers) =>
        answers.Select((a, i) => new TeacherSignal.Item(i, TinyVlm.Pixels(i), i % 2 == 0 ? "what is the value of TOTAL?" : "read line 2", a)).ToList();

    static float[] Row(TeacherTargets targets, int row) => targets.Distribution[row].data<float>().ToArray();

    static IEnumerable<TestCaseData> SignalsAndTowers() =>
        from tower in TinyVlm.Towers
        from signal in new[] { TeacherOptions.AttentionSignal, TeacherOptions.RolloutSignal, TeacherOptions.GradientSignal }
        select new TestCaseData(signal, tower);

    [TestCaseSource(nameof(SignalsAndTowers))]
    public void EverySignalIsADistributionOverTheVisionTokens(string signal, string tower)
    {
        using var scope = NewDisposeScope();
        var teacher = tower == Inference.Model.VisionConfig.Siglip ? SiglipTeacher : Teacher;
        var targets = new TeacherSignal(teacher, Options(signal)).Compute(Items("42", "ABC DEF", "7"));
        Assert.That(targets.Distribution.shape, Is.EqualTo(new long[] { 3, 16 }));
        for (int i = 0; i < 3; i++)
        {
            Assert.That(Row(targets, i), Has.All.GreaterThanOrEqualTo(0f));
            Assert.That(Row(targets, i).Sum(), Is.EqualTo(1f).Within(1e-4f));
        }
    }

    [Test]
    public void TheSignalsDiffer()
    {
        using var scope = NewDisposeScope();
        var items = Items("42", "ABC DEF");
        var rows = new[] { TeacherOptions.AttentionSignal, TeacherOptions.RolloutSignal, TeacherOptions.GradientSignal }
            .Select(s => Row(new TeacherSignal(Teacher, Options(s)).Compute(items), 0)).ToList();
        Assert.That(rows[1], Is.Not.EqualTo(rows[0]).Within(1e-4f));
        Assert.That(rows[2], Is.Not.EqualTo(rows[0]).Within(1e-4f));
    }

    [Test]
    public void TheGradientSignalFollowsTheAnswer()
    {
        using var scope = NewDisposeScope();
        var signal = new TeacherSignal(Teacher, Options(TeacherOptions.GradientSignal));
        var one = Row(signal.Compute(Items("42")), 0);
        var other = Row(signal.Compute(Items("HELLO")), 0);
        Assert.That(other, Is.Not.EqualTo(one).Within(1e-4f));
    }

    [Test]
    public void TheGradientSignalLeavesTheModelsParametersWithoutGradients()
    {
        using var scope = NewDisposeScope();
        new TeacherSignal(Teacher, Options(TeacherOptions.GradientSignal)).Compute(Items("42", "ABC"));
        Assert.That(Teacher.Model.parameters().Select(p => p.grad), Has.All.Null);
    }

    [Test]
    public void TheGradientSignalDoesNotDependOnTheRestOfTheBatch()
    {
        using var scope = NewDisposeScope();
        var signal = new TeacherSignal(Teacher, Options(TeacherOptions.GradientSignal));
        var alone = Row(signal.Compute(Items("42")), 0);
        var batched = Row(signal.Compute(Items("42", "A MUCH LONGER ANSWER")), 0);
        Assert.That(batched, Is.EqualTo(alone).Within(1e-4f));
    }

    [Test]
    public void TheLossBudgetIsARungOfTheLadderAndShrinksAsTheToleranceGrows()
    {
        using var scope = NewDisposeScope();
        var items = Items("42", "ABC DEF", "7", "XYZ");
        long[] Budgets(double tolerance) =>
            new TeacherSignal(Teacher, Options(TeacherOptions.AttentionSignal, TeacherOptions.LossBudget, tolerance)).Compute(items).Budget.data<long>().ToArray();
        var strict = Budgets(0);
        var loose = Budgets(0.5);
        var any = Budgets(100);
        Assert.That(strict, Has.All.AnyOf(2L, 4L, 8L, 16L));
        Assert.That(loose.Zip(strict).All(p => p.First <= p.Second), $"[{string.Join(", ", loose)}] vs [{string.Join(", ", strict)}]");
        Assert.That(any, Has.All.EqualTo(2L));
    }

    [Test]
    public void TheMassBudgetIsTodays()
    {
        using var scope = NewDisposeScope();
        var targets = new TeacherSignal(Teacher, Options(TeacherOptions.AttentionSignal)).Compute(Items("42", "ABC DEF"));
        Assert.That(targets.Budget.data<long>().ToArray(), Is.EqualTo(TeacherTargets.BudgetFor(targets.Distribution, 0.9).data<long>().ToArray()));
    }
}

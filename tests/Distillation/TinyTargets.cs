using AsymVLM.Training.Distillation;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Distillation;

/// <summary>Random but well-formed teacher targets for a 4x4 grid and hidden size 48 (TinyVlm's shape).</summary>
public static class TinyTargets
{
    public static TeacherTargets Create(int count, int seed)
    {
        var g = new Generator((ulong)seed);
        var distribution = nn.functional.softmax(randn([count, 16], generator: g) * 3, -1);
        var questions = randint(5, 80, [count, 6], generator: g);
        questions[.., 5] = tensor(-1L); // one pad column
        return new TeacherTargets(arange(count), distribution, TeacherTargets.BudgetFor(distribution, 0.9),
            randn([count, 16, 48], generator: g).to(float16), questions, nn.functional.softmax(randn([count, 16], generator: g), -1));
    }
}

using AsymVLM.Inference.Generation;
using AsymVLM.Tests.Selection;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Generation;

public class TokenSamplerTests : TorchScopedTest
{
    [TestCase(0)]
    [TestCase(7)]
    [TestCase(19)]
    public void GreedyPicksTheArgmax(int best)
    {
        var logits = linspace(-1, 1, 20);   // [V], increasing, so its own argmax is the last slot
        logits[best] = tensor(5f);
        var sampler = new TokenSampler(new GenerationOptions());

        Assert.That(sampler.Next(logits), Is.EqualTo(best));
    }

    [Test]
    public void SameSeedRepeatsTheSequenceAndAnotherSeedDoesNot()
    {
        var logits = zeros(20);             // uniform: every draw is a fair 1-in-20 choice
        var sampled = new GenerationOptions { Temperature = 1.0, Seed = 7 };

        var first = Draw(new TokenSampler(sampled), logits, 50);
        var again = Draw(new TokenSampler(sampled), logits, 50);
        var otherSeed = Draw(new TokenSampler(sampled with { Seed = 8 }), logits, 50);

        Assert.That(again, Is.EqualTo(first));
        Assert.That(otherSeed, Is.Not.EqualTo(first));
        Assert.That(first.Distinct().Count(), Is.GreaterThan(5), "a uniform distribution must not collapse onto a few tokens");
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void TinyTopPIsGreedy(int seed)
    {
        manual_seed(seed);
        var logits = randn(30);
        int best = (int)logits.argmax().item<long>();
        var sampler = new TokenSampler(new GenerationOptions { Temperature = 1.5, TopP = 0.0001, Seed = seed });

        Assert.That(Draw(sampler, logits, 40), Is.All.EqualTo(best));
    }

    [Test]
    public void TopPDrawsOnlyFromTheNucleus()
    {
        // Probabilities 0.5, 0.3, 0.15, 0.05 (sorted order differs from index order on purpose).
        var logits = tensor(new[] { 0.15f, 0.5f, 0.05f, 0.3f }).log();
        var sampler = new TokenSampler(new GenerationOptions { Temperature = 1.0, TopP = 0.7, Seed = 3 });

        var drawn = Draw(sampler, logits, 200);

        // 0.5 alone is short of 0.7, so the nucleus is {0.5, 0.3}: indices 1 and 3, both drawn.
        Assert.That(drawn.Distinct().Order(), Is.EqualTo(new[] { 1, 3 }));
    }

    static List<int> Draw(TokenSampler sampler, Tensor logits, int count) =>
        Enumerable.Range(0, count).Select(_ => sampler.Next(logits)).ToList();
}

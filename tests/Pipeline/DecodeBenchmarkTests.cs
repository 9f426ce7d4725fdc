using AsymVLM.Inference.Benchmarks;
using AsymVLM.Inference.Checkpoints;

namespace AsymVLM.Tests.Pipeline;

/// <summary><c>bench-decode</c>'s bookkeeping on a tiny random model (its timings are not checked: speed is a benchmark's).</summary>
public class DecodeBenchmarkTests
{
    [Test]
    public void EveryPolicyDecodesFromThePrefillAndTheEvictingOnesHoldLessKv()
    {
        var vlm = TinyVlm.Create(seed: 5);
        var rows = new DecodeBenchmark(vlm.Model, ComputeTarget.Cpu).Run(prefillTokens: 24, visionTokens: 16, steps: 40, textBudget: 6,
            ["none", "asym", "streamingllm"], repeats: 1);

        Assert.That(rows.Select(r => r.Policy), Is.EqualTo(new[] { "none", "asym", "streamingllm" }));
        Assert.That(rows.Select(r => r.MsPerStep.Length), Is.All.EqualTo(4));
        var none = rows[0];
        Assert.That(none.Evicted, Is.Zero);
        foreach (var evicting in rows.Skip(1))
        {
            // 8 prompt text entries + 40 decoded, kept to at most 6: at least every entry beyond the budget went.
            Assert.That(evicting.Evicted, Is.InRange(8 + 40 - 6, 8 + 40), evicting.Policy);
            Assert.That(evicting.PeakKvBytes, Is.LessThan(none.PeakKvBytes), evicting.Policy);
        }
    }

    [Test]
    public void AnUnknownPolicyOrTooLongARunIsRefusedBeforeThePrefill()
    {
        var vlm = TinyVlm.Create(seed: 5);
        var bench = new DecodeBenchmark(vlm.Model, ComputeTarget.Cpu);
        Assert.That(() => bench.Run(24, 16, 8, 6, ["none", "lru"], 1), Throws.ArgumentException.With.Message.Contains("lru"));
        int max = vlm.Model.Config.Text.MaxPositionEmbeddings;
        Assert.That(() => bench.Run(24, 16, max, 6, ["none"], 1), Throws.ArgumentException.With.Message.Contains("max_position_embeddings"));
    }
}

using static TorchSharp.torch;

namespace AsymVLM.Inference.Generation;

/// <summary>Picks the next token from last-position logits [V]: argmax, or temperature + top-p sampling.</summary>
public sealed class TokenSampler(GenerationOptions options) : IDisposable
{
    readonly Generator? rng = options.Temperature > 0 ? new Generator((ulong)options.Seed) : null;

    public int Next(Tensor logits)
    {
        using var scope = NewDisposeScope();
        if (rng is null) return (int)logits.argmax().item<long>();
        var probs = nn.functional.softmax(logits.to(float32) / options.Temperature, -1);
        var (sorted, order) = probs.sort(descending: true);
        // Nucleus: keep the smallest prefix whose mass reaches top_p (the first token always stays).
        var before = sorted.cumsum(0) - sorted;
        sorted = sorted.masked_fill(before >= options.TopP, 0);
        var pick = multinomial(sorted / sorted.sum(), 1, generator: rng);
        return (int)order[pick].item<long>();
    }

    public void Dispose() => rng?.Dispose();
}

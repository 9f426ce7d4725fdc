using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Generation;

/// <summary>
/// Prefill + cached decode for one sequence. Works on embeddings and positions only: it knows nothing
/// about tokenizers or images, and the caller owns the cache. Positions live on the host, so the only read
/// from the device per step is the sampled token.
/// </summary>
public sealed class TextGenerator(LlavaModel model)
{
    /// <param name="embeds">[1, S, D] prompt embeddings (image tokens already in place)</param>
    /// <param name="positions">their S positions (ascending; gaps allowed after pruning)</param>
    /// <param name="onToken">called with each generated token as it is sampled (streaming); returning false ends generation after it</param>
    /// <param name="cancellation">checked before the prefill and before every decode step</param>
    public GenerationResult Generate(Tensor embeds, long[] positions, GenerationOptions options, KvCache cache,
        IDecodeHook? hook = null, IPrefill? prefill = null, Func<int, bool>? onToken = null, CancellationToken cancellation = default)
    {
        options.Validate();
        using var prefilled = Prefill(embeds, positions, cache, prefill, cancellation);
        return Decode(prefilled, cache, options, hook, onToken, cancellation);
    }

    /// <summary>Runs the prompt into <paramref name="cache"/> and keeps the last position's logits, for <see cref="Decode"/>.</summary>
    public Prefilled Prefill(Tensor embeds, long[] positions, KvCache cache, IPrefill? prefill = null, CancellationToken cancellation = default)
    {
        if (embeds.shape[0] != 1) throw new ArgumentException($"Generation takes one sequence, got batch {embeds.shape[0]}.");
        cancellation.ThrowIfCancellationRequested();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var last = (prefill ?? PlainPrefill.Instance).Run(model, embeds, positions, cache);
        var logits = model.Logits(last[0]).DetachFromDisposeScope();
        return new Prefilled(logits, positions[^1] + 1, watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>
    /// Cached decode from a prefill: the first token from its logits, then one step per token. <paramref name="cache"/>
    /// is the prefilled one or a <see cref="KvCache.Clone"/> of it, so one prefill can serve several decodes.
    /// </summary>
    public GenerationResult Decode(Prefilled prefilled, KvCache cache, GenerationOptions options,
        IDecodeHook? hook = null, Func<int, bool>? onToken = null, CancellationToken cancellation = default)
    {
        options.Validate();
        using var sampler = new TokenSampler(options);
        using var noGrad = no_grad();
        var tokens = new List<int>();
        long next = prefilled.NextPosition;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int token = sampler.Next(prefilled.Logits);
        hook?.BeginDecode(cache, options.MaxNewTokens - 1);
        for (int step = 0; ; step++)
        {
            if (options.StopIds.Contains(token)) break;
            tokens.Add(token);
            if (onToken?.Invoke(token) == false || tokens.Count >= options.MaxNewTokens) break;
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var ids = tensor(new long[] { token }, device: prefilled.Logits.device).unsqueeze(0);
            var capture = hook?.BeforeStep(step, next);
            var result = model.Forward(model.EmbedTokens(ids), [next++], cache, capture);
            hook?.AfterStep(step, result, cache);
            token = sampler.Next(model.Logits(result.Hidden[0, -1]));
        }
        return new GenerationResult(tokens, prefilled.Milliseconds, watch.Elapsed.TotalMilliseconds);
    }
}

public sealed record GenerationResult(IReadOnlyList<int> Tokens, double PrefillMs, double DecodeMs);

/// <summary>A prefill's last-position logits [V], the position the first new token takes, and how long it took.</summary>
public sealed record Prefilled(Tensor Logits, long NextPosition, double Milliseconds) : IDisposable
{
    public void Dispose() => Logits.Dispose();
}

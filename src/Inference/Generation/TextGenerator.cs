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
            if (!Takes(token, tokens, options, onToken)) break;
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

    /// <summary>
    /// Several decodes from one prefill in lockstep: decode r runs on <paramref name="caches"/>[r] (each a
    /// <see cref="KvCache.Clone"/> of the prefilled cache, or the cache itself) with its own options and hook, and every
    /// step runs the decodes still going as the rows of one forward (<see cref="LlavaModel.ForwardRows"/>), so each op of a
    /// step is dispatched once for all of them. Each decode's tokens are those of its own <see cref="Decode"/>, to the bit;
    /// each result's decode time is the lockstep's, until that decode ended.
    /// </summary>
    public IReadOnlyList<GenerationResult> DecodeLockstep(Prefilled prefilled, IReadOnlyList<KvCache> caches,
        IReadOnlyList<GenerationOptions> options, IReadOnlyList<IDecodeHook?> hooks, IReadOnlyList<Func<int, bool>?> onTokens,
        CancellationToken cancellation = default)
    {
        int n = caches.Count;
        if (options.Count != n || hooks.Count != n || onTokens.Count != n)
            throw new ArgumentException($"{n} caches, {options.Count} options, {hooks.Count} hooks, {onTokens.Count} token callbacks: one each per decode.");
        foreach (var o in options) o.Validate();
        var samplers = options.Select(o => new TokenSampler(o)).ToArray();
        try
        {
            using var noGrad = no_grad();
            var tokens = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
            var results = new GenerationResult?[n];
            var next = new int[n];
            long position = prefilled.NextPosition;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (int r = 0; r < n; r++)
            {
                next[r] = samplers[r].Next(prefilled.Logits);
                hooks[r]?.BeginDecode(caches[r], options[r].MaxNewTokens - 1);
            }
            for (int step = 0; ; step++)
            {
                var going = new List<int>();
                foreach (int r in Enumerable.Range(0, n).Where(r => results[r] is null))
                {
                    if (Takes(next[r], tokens[r], options[r], onTokens[r])) going.Add(r);
                    else results[r] = new GenerationResult(tokens[r], prefilled.Milliseconds, watch.Elapsed.TotalMilliseconds);
                }
                if (going.Count == 0) return results!;
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var ids = tensor(going.Select(r => (long)next[r]).ToArray(), device: prefilled.Logits.device).unsqueeze(1); // [A, 1]
                var captures = going.Select(r => hooks[r]?.BeforeStep(step, position)).ToArray();
                var stepResults = model.ForwardRows(model.EmbedTokens(ids), position++, going.Select(r => caches[r]).ToArray(), captures);
                for (int i = 0; i < going.Count; i++)
                {
                    int r = going[i];
                    hooks[r]?.AfterStep(step, stepResults[i], caches[r]);
                    next[r] = samplers[r].Next(model.Logits(stepResults[i].Hidden[0, -1]));
                }
            }
        }
        finally
        {
            foreach (var sampler in samplers) sampler.Dispose();
        }
    }

    /// <summary>
    /// What a decode does with its sampled token: a stop id ends it unkept; otherwise the token is kept, and the decode goes
    /// on unless the callback declines it or the answer reached its length.
    /// </summary>
    static bool Takes(int token, List<int> tokens, GenerationOptions options, Func<int, bool>? onToken)
    {
        if (options.StopIds.Contains(token)) return false;
        tokens.Add(token);
        return onToken?.Invoke(token) != false && tokens.Count < options.MaxNewTokens;
    }
}

public sealed record GenerationResult(IReadOnlyList<int> Tokens, double PrefillMs, double DecodeMs);

/// <summary>A prefill's last-position logits [V], the position the first new token takes, and how long it took.</summary>
public sealed record Prefilled(Tensor Logits, long NextPosition, double Milliseconds) : IDisposable
{
    public void Dispose() => Logits.Dispose();
}

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
        if (embeds.shape[0] != 1) throw new ArgumentException($"Generation takes one sequence, got batch {embeds.shape[0]}.");
        using var sampler = new TokenSampler(options);
        var tokens = new List<int>();
        long next = positions[^1] + 1;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var noGrad = no_grad();

        int token;
        cancellation.ThrowIfCancellationRequested();
        using (var scope = NewDisposeScope())
        {
            var last = (prefill ?? PlainPrefill.Instance).Run(model, embeds, positions, cache);
            token = sampler.Next(model.Logits(last[0]));
        }
        double prefillMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();

        for (int step = 0; ; step++)
        {
            if (options.StopIds.Contains(token)) break;
            tokens.Add(token);
            if (onToken?.Invoke(token) == false || tokens.Count >= options.MaxNewTokens) break;
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var ids = tensor(new long[] { token }, device: embeds.device).unsqueeze(0);
            var result = model.Forward(model.EmbedTokens(ids), [next++], cache, hook?.CaptureFor(step));
            hook?.AfterStep(step, result, cache);
            token = sampler.Next(model.Logits(result.Hidden[0, -1]));
        }
        return new GenerationResult(tokens, prefillMs, watch.Elapsed.TotalMilliseconds);
    }
}

public sealed record GenerationResult(IReadOnlyList<int> Tokens, double PrefillMs, double DecodeMs);

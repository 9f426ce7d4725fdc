using System.Diagnostics;
using AsymVLM.Inference.Cost;
using AsymVLM.Inference.Eviction;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Scoring;
using AsymVLM.Inference.Selection;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// AsymVLM inference: encode the image, select vision tokens (one explicit stage between the projector
/// and the sequence assembly), prefill [prefix | kept vision | question] with original positions, then
/// decode while the text eviction policy keeps text KV entries within budget. FastV is the one method
/// that prunes inside the LM instead, through its own prefill. An AnyRes (LLaVA-NeXT) image is encoded view by view and
/// packed as HF packs it; selection then ranks its patches only, and every <c>image_newline</c> is kept at its position:
/// they carry no content to rank and mark the row ends the LM was trained on (docs/anyres-pipeline.md).
/// </summary>
public sealed class AsymPipeline
{
    readonly Vlm vlm;
    readonly ImportanceHead? head;
    readonly VisionSelectorRegistry selectors = VisionSelectorRegistry.WithBaselines();
    readonly TextEvictionPolicyRegistry policies = TextEvictionPolicyRegistry.WithBuiltIns();
    readonly FlopCounter flops;

    public AsymPipeline(Vlm vlm, ImportanceHead? head = null)
    {
        this.vlm = vlm;
        this.head = head;
        flops = new FlopCounter(vlm.Model.Config);
        selectors.Register(EncoderAttentionSelector.MethodName, _ => new EncoderAttentionSelector());
        selectors.Register(OracleSelector.MethodName, _ => new OracleSelector(head));
        if (head is not null) selectors.Register(LearnedSelector.MethodName, _ => new LearnedSelector(head));
    }

    public IReadOnlyList<string> SelectorNames => [.. selectors.Names, FastVPrefill.MethodName];
    public IReadOnlyList<string> PolicyNames => policies.Names;

    /// <param name="image">one view [3, H, W], or an AnyRes model's views and layout, as <see cref="ImageInput"/> makes them</param>
    /// <param name="onText">receives the answer's text as it is decoded; the pieces concatenate to the answer</param>
    /// <param name="cancellation">checked before the prefill and every decode step</param>
    public AskResult Ask(ImagePixels image, string question, RequestOptions options, Action<string>? onText = null, CancellationToken cancellation = default) =>
        AskEach(image, question, [options], onText, cancellation)[0];

    /// <summary>
    /// Requests that differ only in their text settings (policy, budget, policy options, generation): the image is
    /// encoded, selected and prefilled once, and each variant decodes from its own copy of the prefilled cache, all in
    /// lockstep as the rows of one forward per step (<see cref="TextGenerator.DecodeLockstep"/>). The answers are those of
    /// separate <see cref="Ask"/> calls; each result reports the shared encode and prefill times, and the lockstep's decode
    /// time until its own decode ended.
    /// </summary>
    public IReadOnlyList<AskResult> AskEach(ImagePixels image, string question, IReadOnlyList<RequestOptions> variants,
        Action<string>? onText = null, CancellationToken cancellation = default)
    {
        if (variants.Count == 0) throw new ArgumentException("No requests to answer.", nameof(variants));
        if (variants.Count > 1 && onText is not null)
            throw new ArgumentException("Requests answered together decode in lockstep, so their text cannot stream to one receiver.", nameof(onText));
        var options = variants[0];
        foreach (var variant in variants)
        {
            variant.Validate();
            if (TextSettingsOf(options, variant) != variant)
                throw new ArgumentException("Requests answered together must differ only in their text settings (policy, budget, policy options, generation).", nameof(variants));
        }
        var model = vlm.Model;
        var anyRes = AnyResOf(image, options.Selector);
        var prompt = anyRes is null ? vlm.Format.Build(question) : vlm.Format.Build(question, anyRes.TokenCount);
        int maxPositions = model.Config.Text.MaxPositionEmbeddings;
        int maxNew = variants.Max(v => v.Generation.MaxNewTokens);
        if (prompt.Length + maxNew > maxPositions)
            throw new ArgumentException($"The prompt ({prompt.Length} tokens) plus {maxNew} new tokens exceeds the model's {maxPositions} positions.");
        bool fastV = options.Selector == FastVPrefill.MethodName;
        var selector = fastV ? null : selectors.Create(options.Selector, options.Seed);
        var textPolicies = variants.Select(v => policies.Create(v.TextPolicy, v.TextPolicyOptions)).ToArray();

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var watch = Stopwatch.StartNew();
        bool wantCls = selector is VisionZipSelector or EncoderAttentionSelector;
        var weights = model.Decoder.EmbedTokens.weight!;
        var pixels = image.Pixels.to(weights.dtype, weights.device);
        var encoded = image.AnyRes is null
            ? model.EncodeImage(pixels.unsqueeze(0), wantCls)
            : model.EncodeAnyRes(pixels, image.AnyRes, wantCls);                     // [1, P] patch-order attention (CLIP only; SigLIP refused above)
        double encodeMs = watch.Elapsed.TotalMilliseconds;

        var ids = tensor(prompt.Ids, device: weights.device).unsqueeze(0);
        var textEmbeds = model.EmbedTokens(ids);                                     // [1, L, D]
        int n = prompt.ImageCount, grid = model.Config.Vision.GridSize;
        var layout = anyRes ?? VisionLayout.Grid(grid, n / grid);
        var tokens = encoded.Tokens[0];                                              // [N, D], newlines included
        var patches = anyRes is null ? tokens : tokens.index_select(0, tensor(anyRes.PatchTokens(), device: weights.device));
        var input = new SelectionInput(patches, textEmbeds[0, prompt.QuestionStart..prompt.QuestionEnd],
            encoded.EncoderAttention?[0], layout, options.AnswerTokens);

        watch.Restart();
        var (kept, vision, budget) = fastV ? (null, null, Budget(options, input.TokenCount, null)) : Select(selector!, input, options, input.TokenCount);
        if (anyRes is not null && !fastV) (kept, vision) = WithNewlines(anyRes, tokens, kept!, vision!);
        double scorerMs = watch.Elapsed.TotalMilliseconds;

        var (embeds, positions) = fastV
            ? (model.ScatterImageTokens(ids, textEmbeds, encoded.Tokens, model.CountImagePlaceholders(prompt.Ids)), Enumerable.Range(0, prompt.Length).Select(i => (long)i).ToArray())
            : PromptAssembly.Build(textEmbeds, vision!, kept!, prompt.ImageStart, n, options.CompactPositions);
        var visionPositions = VisionPositions(positions, prompt.ImageStart, fastV ? n : kept!.Length);

        int layers = model.Decoder.LayerCount;
        using var cache = new KvCache(layers);
        var fastVPrefill = fastV ? new FastVPrefill(options.FastVLayer, prompt.ImageStart, n, anyRes, budget) : null;
        var generator = new TextGenerator(model);
        using var prefilled = generator.Prefill(embeds, positions, cache, fastVPrefill, cancellation);
        kept = fastVPrefill?.KeptIndices ?? kept!;

        // The last variant may consume the prefilled cache itself; the others decode from copies, all in lockstep.
        var caches = variants.Select((_, v) => v < variants.Count - 1 ? cache.Clone() : cache).ToArray();
        var monitors = variants.Select((variant, v) => new DecodeMonitor(textPolicies[v], variant.TextBudget, visionPositions, layers)).ToArray();
        try
        {
            var generations = variants.Select(v => v.Generation with { StopIds = new HashSet<int>(v.Generation.StopIds) { vlm.Tokenizer.EosId } }).ToArray();
            var answers = variants.Select(v => new AnswerText(vlm.Tokenizer, v.StopSequences, onText)).ToArray();
            var generated = variants.Count == 1
                ? [generator.Decode(prefilled, cache, generations[0], monitors[0], answers[0].Append, cancellation)]
                : generator.DecodeLockstep(prefilled, caches, generations, monitors, answers.Select(a => (Func<int, bool>?)a.Append).ToArray(), cancellation);
            var footprints = DecodeMonitor.FinishAll(monitors, caches);
            var results = new List<AskResult>(variants.Count);
            for (int v = 0; v < variants.Count; v++)
            {
                var (variant, monitor, result) = (variants[v], monitors[v], generated[v]);
                answers[v].Finish();
                var stats = Cost(prompt.Length, n, kept.Length, input.TokenCount, image.AnyRes?.Views ?? 1, variant, monitor, footprints[v], fastV, input.QuestionEmbeddings.shape[0])
                    with { EncodeMs = encodeMs, ScorerMs = scorerMs, PrefillMs = result.PrefillMs, DecodeMs = result.DecodeMs, VisionBudget = budget, GeneratedTokens = result.Tokens.Count };
                results.Add(new AskResult(answers[v].Text, result.Tokens, kept, stats));
            }
            return results;
        }
        finally
        {
            foreach (var monitor in monitors) monitor.Dispose();
            foreach (var fork in caches[..^1]) fork.Dispose();
        }
    }

    /// <summary><paramref name="vision"/> with <paramref name="variant"/>'s text settings: equal to the variant when only those differ.</summary>
    static RequestOptions TextSettingsOf(RequestOptions vision, RequestOptions variant) => vision with
    {
        TextPolicy = variant.TextPolicy, TextBudget = variant.TextBudget, TextPolicyOptions = variant.TextPolicyOptions,
        Generation = variant.Generation, StopSequences = variant.StopSequences,
    };

    (long[] Kept, Tensor Vision, int Budget) Select(IVisionSelector selector, SelectionInput input, RequestOptions options, int n)
    {
        if (selector is LearnedSelector learned && options.Budget.Adaptive)
        {
            var (scores, fraction) = learned.Score(input);
            int k = options.Budget.Resolve(n, fraction);
            var top = TopScores.Indices(scores, k);
            return (top, input.VisionTokens.index_select(0, tensor(top, device: input.VisionTokens.device)), k);
        }
        int budget = Budget(options, n, null);
        var selection = selector.Select(input, budget);
        var vision = selection.Replacements ?? input.VisionTokens.index_select(0, tensor(selection.Indices, device: input.VisionTokens.device));
        return (selection.Indices, vision, budget);
    }

    static int Budget(RequestOptions options, int n, double? fraction)
    {
        if (options.Budget.Adaptive && fraction is null)
            throw new ArgumentException($"An adaptive budget needs the '{LearnedSelector.MethodName}' selector (it predicts the budget); got '{options.Selector}'.");
        return options.Budget.Resolve(n, fraction);
    }

    /// <summary>
    /// The AnyRes layout of <paramref name="image"/> (null for one view), checked against the model: an image prepared
    /// for another geometry would be packed into the wrong number of tokens.
    /// </summary>
    VisionLayout? AnyResOf(ImagePixels image, string selector)
    {
        var config = vlm.Model.Config;
        if (image.AnyRes is not { } anyRes)
            return config.IsAnyRes
                ? throw new ArgumentException($"A {config.ModelType} model takes an image's AnyRes views and layout (ImageInput makes them); got pixel values [{string.Join(", ", image.Pixels.shape)}] without a layout.", nameof(image))
                : null;
        if (!config.IsAnyRes)
            throw new ArgumentException($"A {config.ModelType} model takes one view per image; got {anyRes.Views} AnyRes views.", nameof(image));
        var expected = vlm.Model.AnyResLayout(anyRes.ImageHeight, anyRes.ImageWidth);
        if (anyRes != expected)
            throw new ArgumentException($"The image's AnyRes layout ({anyRes}) is not the model's for a {anyRes.ImageHeight} x {anyRes.ImageWidth} image ({expected}); prepare it with the model's ImageInput.", nameof(image));
        string? why = selector switch
        {
            VisionZipSelector.MethodName or EncoderAttentionSelector.MethodName when !config.Vision.HasClsToken =>
                $"it ranks by the encoder's CLS attention, and a {config.Vision.ModelType} tower has no CLS token (its views' attention is not packed)",
            _ => null,
        };
        if (why is not null)
            throw new NotSupportedException($"Vision selector '{selector}' does not run on {config.ModelType} (AnyRes) images yet: {why}.");
        return VisionLayout.AnyRes(anyRes);
    }

    /// <summary>
    /// Kept patches (patch order, with their rows: original or merged) as image tokens with every <c>image_newline</c>
    /// added, ascending, and their rows read from <paramref name="tokens"/> [N, D] in that order.
    /// </summary>
    static (long[] Kept, Tensor Vision) WithNewlines(VisionLayout layout, Tensor tokens, long[] keptPatches, Tensor keptRows)
    {
        var slots = layout.PatchTokens();
        var keptSlots = keptPatches.Select(p => slots[p]).ToArray();
        var kept = keptSlots.Concat(layout.NewlineTokens()).Order().ToArray();
        var rows = tokens.index_copy(0, tensor(keptSlots, device: tokens.device), keptRows.to(tokens.dtype));
        return (kept, rows.index_select(0, tensor(kept, device: tokens.device)));
    }

    static HashSet<long> VisionPositions(long[] positions, int imageStart, int count) => positions[imageStart..(imageStart + count)].ToHashSet();

    /// <param name="n">image tokens in the prompt; <paramref name="patches"/> of them are ranked (the others are newlines)</param>
    /// <param name="views">views through the vision tower: 1, or an AnyRes image's base view and tiles</param>
    RequestStats Cost(int promptLength, int n, int kept, int patches, int views, RequestOptions options, DecodeMonitor monitor, DecodeFootprint footprint, bool fastV, long questionTokens)
    {
        int layers = vlm.Model.Decoder.LayerCount, k = Math.Min(options.FastVLayer, layers);
        long pruned = promptLength - n + kept;
        long scorer = options.Selector == LearnedSelector.MethodName && head is not null ? head.Flops(patches, (int)questionTokens) : 0;
        long lmPrefill = fastV
            ? flops.Prefill(Enumerable.Range(0, layers).Select(l => l < k ? (long)promptLength : pruned).ToArray())
            : flops.Prefill(pruned);
        long decode = monitor.ContextPerStep.Sum(flops.DecodeStep);
        long unprunedDecode = Enumerable.Range(0, monitor.ContextPerStep.Count)
            .Sum(step => flops.DecodeStep(Enumerable.Repeat((long)promptLength + step + 1, layers).ToArray()));
        long encoder = flops.VisionEncoder() * views;
        return new RequestStats(kept, n, 0, (int)pruned, 0,
            encoder + scorer + lmPrefill, decode, scorer,
            encoder + flops.Prefill(promptLength), unprunedDecode,
            0, 0, 0, 0, footprint.PeakEntries, footprint.PeakBytes, footprint.Evicted);
    }
}

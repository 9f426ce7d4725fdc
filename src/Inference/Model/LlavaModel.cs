using AsymVLM.Data.Images;
using TorchSharp.Modules;
using AsymVLM.Inference.Model.Cache;
using AsymVLM.Inference.Model.Text;
using AsymVLM.Inference.Model.Vision;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Model;

/// <summary>
/// HF's LlavaForConditionalGeneration (and LlavaNextForConditionalGeneration and LlavaOnevisionForConditionalGeneration,
/// with <c>image_newline</c>) with the
/// classic parameter names (<c>vision_tower.*</c>, <c>multi_modal_projector.*</c>, <c>language_model.model.*</c>,
/// <c>language_model.lm_head.*</c>). The pieces are exposed separately because AsymVLM works between them: vision
/// tokens are selected after the projector and before they are scattered into the text embeddings.
/// </summary>
public sealed class LlavaModel : nn.Module
{
    readonly VisionTower vision_tower;
    readonly LlavaProjector multi_modal_projector;
    readonly CausalLm language_model;
    readonly Parameter? image_newline;

    public LlavaModel(LlavaConfig config) : base(nameof(LlavaModel))
    {
        Config = config;
        vision_tower = VisionTower.Create(config.Vision);
        multi_modal_projector = new LlavaProjector(config);
        language_model = new CausalLm(config.Text);
        if (config.IsAnyRes) image_newline = nn.Parameter(zeros(config.Text.HiddenSize));
        RegisterComponents();
    }

    public LlavaConfig Config { get; }
    public CausalLm LanguageModel => language_model;
    public DecoderModel Decoder => language_model.Model;

    /// <summary>Vision tower + projector: [B, 3, H, W] -> image tokens [B, N, D] in the LM's input space.</summary>
    public ImageEncoding EncodeImage(Tensor pixels, bool wantEncoderAttention = false)
    {
        var features = vision_tower.Forward(pixels, Config.VisionFeatureLayers, wantEncoderAttention);
        bool dropCls = Config.DropsClsToken;
        var selected = features.HiddenStates.Select(h => dropCls ? h[.., 1..] : h).ToArray();
        var tokens = multi_modal_projector.forward(selected.Length == 1 ? selected[0] : cat(selected, -1));
        // Token attention restricted to the tokens that reach the LM (what VisionZip ranks by).
        var attention = features.TokenAttention is { } a ? (dropCls ? a[.., 1..] : a) : null;
        return new ImageEncoding(tokens, attention);
    }

    /// <summary>The AnyRes layout (LLaVA-NeXT, OneVision) of an image of this size (height, width).</summary>
    public AnyResLayout AnyResLayout(int imageHeight, int imageWidth) =>
        Data.Images.AnyResLayout.For(imageHeight, imageWidth, Config.ImageGridPinpoints, Config.Vision.ImageSize, Config.Vision.GridSize,
            Config.MaxNumPatches);

    /// <summary>
    /// LLaVA-NeXT: one image's views [V, 3, S, S] (base first, then the tiles row-major) -> its image tokens [1, N, D]
    /// (HF's <c>pack_image_features</c>): the base view's tokens, then the tiles' feature map cut back to the image
    /// (<see cref="Data.Images.AnyResLayout.Unpadded"/>; OneVision: then resized bilinearly to
    /// <see cref="Data.Images.AnyResLayout.Packed"/>), each of its rows followed by <c>image_newline</c>.
    /// </summary>
    public Tensor EncodeAnyRes(Tensor views, AnyResLayout layout) => EncodeAnyRes(views, layout, false).Tokens;

    /// <summary>
    /// <see cref="EncodeAnyRes(Tensor, AnyResLayout)"/>, and with <paramref name="wantEncoderAttention"/> (CLIP towers only)
    /// the CLS attention of each view's encoder (as <see cref="EncodeImage"/> reports it) packed in patch order [1, P]:
    /// the base view's, then the tile map's cut and resampled by the same code as the tokens (a 1-channel map), without
    /// newlines. Views compare as follows: each view's attention is renormalised to sum to 1 over its own g x g patches
    /// (its CLS's share to itself dropped), so a patch scores its share of its view. Every view then averages 1/g^2 per
    /// patch, and no view wins the budget because its CLS happened to attend less to itself; within a view the ranking is
    /// the single-view one. Unpadding and OneVision's downscale then act on these scores as on the tokens.
    /// </summary>
    public ImageEncoding EncodeAnyRes(Tensor views, AnyResLayout layout, bool wantEncoderAttention)
    {
        if (image_newline is null)
            throw new InvalidOperationException($"A {Config.ModelType} model has no AnyRes views; model_types {LlavaConfig.LlavaNext} and {LlavaConfig.LlavaOnevision} do.");
        if (views.dim() != 4 || views.shape[0] != layout.Views)
            throw new ArgumentException($"An image of {layout.ImageHeight} x {layout.ImageWidth} has {layout.Views} views; got pixel values [{string.Join(", ", views.shape)}].", nameof(views));
        if (wantEncoderAttention && !Config.Vision.HasClsToken)
            throw new NotSupportedException($"A {Config.Vision.ModelType} tower has no CLS token: its AnyRes views have no CLS attention to pack.");
        var encoded = EncodeImage(views, wantEncoderAttention);
        var tokens = encoded.Tokens;                                                     // [V, g*g, D]
        var (baseTokens, map) = PackViews(tokens, layout);                               // [g*g, D], [D, h, w]
        long d = tokens.shape[^1], height = map.shape[1];
        var newline = image_newline.to(map.dtype).view(d, 1, 1).expand(d, height, 1);
        var rows = cat([map, newline], 2).reshape(d, -1).transpose(0, 1);                // [height * (width + 1), D]
        var packedTokens = cat([baseTokens, rows], 0).unsqueeze(0);
        if (encoded.EncoderAttention is not { } attention) return new ImageEncoding(packedTokens, null);
        if (attention.shape[1] != tokens.shape[1])
            throw new NotSupportedException($"The encoder attention covers {attention.shape[1]} tokens per view, the image tokens {tokens.shape[1]} (vision_feature_select_strategy must drop the CLS token).");
        var perView = attention / attention.sum(1, keepdim: true);                       // [V, g*g], each view sums to 1
        var (baseAttention, attentionMap) = PackViews(perView.unsqueeze(-1), layout);    // [g*g, 1], [1, h, w]
        return new ImageEncoding(packedTokens, cat([baseAttention[.., 0], attentionMap.reshape(-1)], 0).unsqueeze(0));
    }

    /// <summary>
    /// Per-view rows [V, g*g, C] -> the base view's [g*g, C] and the tile map [C, h, w] (HF's <c>pack_image_features</c>
    /// without the newlines): the tiles' map cut back to the image (<see cref="Data.Images.AnyResLayout.Unpadded"/>; OneVision:
    /// then resized bilinearly to <see cref="Data.Images.AnyResLayout.Packed"/>). Tokens and encoder attention share it.
    /// </summary>
    (Tensor Base, Tensor Map) PackViews(Tensor perView, AnyResLayout layout)
    {
        long g = Config.Vision.GridSize, d = perView.shape[^1];
        var map = perView[1..].view(layout.Rows, layout.Columns, g, g, d)                // tile row, tile column, patch row, patch column
            .permute(4, 0, 2, 1, 3).reshape(d, layout.PaddedHeight, layout.PaddedWidth); // [C, H, W]
        var (top, height, left, width) = layout.Unpadded;
        map = map.index(TensorIndex.Colon, TensorIndex.Slice(top, top + height), TensorIndex.Slice(left, left + width));
        var packed = layout.Packed;
        if (packed != (height, width))
            // HF passes no align_corners: bilinear with align_corners False, no antialiasing.
            map = nn.functional.interpolate(map.unsqueeze(0), [packed.Height, packed.Width], mode: InterpolationMode.Bilinear, align_corners: false)[0];
        return (perView[0], map);
    }

    /// <summary>Token embeddings; image placeholder ids get a dummy row (they are overwritten by image tokens).</summary>
    public Tensor EmbedTokens(Tensor ids) =>
        Decoder.Embed(ids.masked_fill(ids.eq(Config.ImageTokenIndex), 0));

    /// <summary>
    /// Writes image tokens [B, N, D] into the placeholder positions of embeddings [B, L, D], in order.
    /// <paramref name="placeholders"/> is how many the ids hold, counted by the caller from its host ids, so that the
    /// check reads nothing from the device.
    /// </summary>
    public Tensor ScatterImageTokens(Tensor ids, Tensor embeds, Tensor imageTokens, long placeholders)
    {
        long features = imageTokens.shape[0] * imageTokens.shape[1];
        if (placeholders != features)
            throw new ArgumentException(
                $"Image features and image tokens do not match: tokens: {placeholders}, features: {features} " +
                $"(image_token_index {Config.ImageTokenIndex}, {Config.ImageTokenCount} tokens per image).");
        var expanded = ids.eq(Config.ImageTokenIndex).unsqueeze(-1).expand_as(embeds);
        return embeds.masked_scatter(expanded, imageTokens.to(embeds.dtype).reshape(-1));
    }

    /// <summary>How many image placeholders host ids hold.</summary>
    public long CountImagePlaceholders(IEnumerable<long> ids) => ids.LongCount(id => id == Config.ImageTokenIndex);

    /// <summary>The language model over input embeddings at explicit positions; returns last hidden states [B, S, D].</summary>
    public DecoderResult Forward(Tensor embeds, Tensor positions, AttentionCapture? capture = null) =>
        Run(embeds, Decoder.Context(positions, embeds.dtype, capture));

    /// <summary>
    /// The language model over one sequence's embeddings [1, S, D] at host positions, attending over and appending to
    /// <paramref name="cache"/>: the prefill and decode path, which reads nothing back from the device.
    /// </summary>
    public DecoderResult Forward(Tensor embeds, long[] positions, KvCache cache, AttentionCapture? capture = null)
    {
        if (embeds.shape[0] != 1) throw new ArgumentException($"A cached forward takes one sequence, got batch {embeds.shape[0]}.", nameof(embeds));
        if (embeds.shape[1] != positions.Length)
            throw new ArgumentException($"{positions.Length} positions for {embeds.shape[1]} tokens.", nameof(positions));
        return Run(embeds, Decoder.Context(positions, embeds.device, embeds.dtype, cache, capture));
    }

    /// <summary>
    /// One step of a lockstep decode: row r of <paramref name="embeds"/> ([A, 1, D]) is the next token of the sequence cached in
    /// <paramref name="caches"/>[r], all at <paramref name="position"/>. Each row's result is what its one-sequence
    /// <see cref="Forward(Tensor, long[], KvCache, AttentionCapture?)"/> gives, to the bit.
    /// </summary>
    public IReadOnlyList<DecoderResult> ForwardRows(Tensor embeds, long position, IReadOnlyList<KvCache> caches, IReadOnlyList<AttentionCapture?> captures)
    {
        if (embeds.shape[0] != caches.Count || captures.Count != caches.Count || embeds.shape[1] != 1)
            throw new ArgumentException($"A lockstep step takes one token per cache: embeds {string.Join("x", embeds.shape)}, {caches.Count} caches, {captures.Count} captures.");
        var ctx = Decoder.RowsContext(position, embeds.device, embeds.dtype, caches, captures);
        var hidden = Decoder.RunLayers(embeds, ctx);
        return ctx.Rows!.Select((row, r) => new DecoderResult(hidden[r..(r + 1)], row.Captured)).ToArray();
    }

    DecoderResult Run(Tensor embeds, AttentionContext ctx) => new(Decoder.RunLayers(embeds, ctx), ctx.Captured);

    public Tensor Logits(Tensor hidden) => language_model.Logits(hidden);

    /// <summary>
    /// The plain HF forward: input_ids [B, L] with expanded placeholders + pixel_values -> logits [B, L, V]. LLaVA takes
    /// pixel_values [B, 3, S, S]; LLaVA-NeXT [B, views, 3, S, S] (padded to the most views) and each image's
    /// (height, width) as HF's <c>image_sizes</c>.
    /// </summary>
    public Tensor FullLogits(Tensor ids, Tensor pixels, IReadOnlyList<(int Height, int Width)>? imageSizes = null)
    {
        if (ids.device.type != TorchSharp.DeviceType.CPU)
            throw new ArgumentException($"FullLogits takes host ids (it counts their image placeholders there and moves them to the model's device); got ids on {ids.device}.", nameof(ids));
        using var scope = NewDisposeScope();
        long placeholders = CountImagePlaceholders(ids.contiguous().data<long>().ToArray());
        var device = Decoder.EmbedTokens.weight!.device;
        (ids, pixels) = (ids.to(device), pixels.to(device));
        var image = Config.IsAnyRes ? AnyResTokens(pixels, imageSizes) : EncodeImage(pixels).Tokens;
        var embeds = ScatterImageTokens(ids, EmbedTokens(ids), image, placeholders);
        var positions = arange(ids.shape[1], device: ids.device).unsqueeze(0).expand(ids.shape[0], -1);
        return Logits(Forward(embeds, positions).Hidden).MoveToOuterDisposeScope();
    }

    Tensor AnyResTokens(Tensor pixels, IReadOnlyList<(int Height, int Width)>? imageSizes)
    {
        if (imageSizes is null || pixels.dim() != 5 || imageSizes.Count != pixels.shape[0])
            throw new ArgumentException(
                $"A {Config.ModelType} model takes pixel_values [B, views, 3, H, W] and one image size per image; got [{string.Join(", ", pixels.shape)}] and {imageSizes?.Count.ToString() ?? "no"} sizes.");
        var packed = imageSizes.Select((size, b) =>
        {
            var layout = AnyResLayout(size.Height, size.Width);
            if (layout.Views > pixels.shape[1])
                throw new ArgumentException($"Image {b} ({size.Height} x {size.Width}) has {layout.Views} views; pixel_values holds {pixels.shape[1]}.", nameof(pixels));
            return EncodeAnyRes(pixels[b, ..layout.Views], layout)[0];
        }).ToArray();
        return cat(packed, 0).unsqueeze(0);
    }
}

/// <summary>Projected image tokens [B, N, D] and, if asked for, the attention each receives in the encoder [B, N] (<see cref="VisionFeatures.TokenAttention"/>).</summary>
public sealed record ImageEncoding(Tensor Tokens, Tensor? EncoderAttention);

/// <summary>Last hidden states [B, S, D] and captured attention (layer -> [B, Q, S_keys]).</summary>
public sealed record DecoderResult(Tensor Hidden, IReadOnlyDictionary<int, Tensor> Attention);

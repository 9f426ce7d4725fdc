using System.Runtime.CompilerServices;
using System.Text.Json;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;
using Microsoft.Extensions.AI;

namespace AsymVLM.Inference.Engine;

/// <summary>
/// The engine as a Microsoft.Extensions.AI <see cref="IChatClient"/>. A request is one question about one image: the
/// image is the one image <see cref="DataContent"/> in the user messages, the question the text of the last user
/// message; system messages are not part of the model's prompt format and are left out; earlier assistant turns are
/// refused (the prompt format has one turn). <see cref="ChatOptions"/> gives MaxOutputTokens, Temperature, TopP,
/// Seed and StopSequences; pruning comes through <see cref="ChatOptions.AdditionalProperties"/>:
/// <c>asymvlm.selector</c>, <c>asymvlm.keep</c>, <c>asymvlm.keep_count</c>, <c>asymvlm.adaptive</c>,
/// <c>asymvlm.text_policy</c>, <c>asymvlm.text_budget</c>. Usage carries the prompt and completion tokens, and in
/// <see cref="UsageDetails.AdditionalCounts"/> the vision tokens kept and total. Thread-safe as the engine is; the
/// client does not own the engine.
/// </summary>
public sealed class VlmChatClient(VlmEngine engine, RequestOptions? defaults = null) : IChatClient
{
    public const string PropertyPrefix = "asymvlm.";
    public const string VisionTokensKept = "asymvlm.vision_tokens_kept";
    public const string VisionTokensTotal = "asymvlm.vision_tokens_total";

    readonly RequestOptions defaults = defaults ?? new RequestOptions();

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (image, question, request) = Read(messages, options);
        var result = await engine.AskAsync(image, question, request, cancellation: cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, result.Answer))
        {
            ModelId = engine.ModelName,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = FinishReason(result, request),
            Usage = Usage(result),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (image, question, request) = Read(messages, options);
        await foreach (var piece in engine.AskStreamingAsync(image, question, request, cancellationToken).ConfigureAwait(false))
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = engine.ModelName };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("asymvlm", null, engine.ModelName)
        : serviceType.IsInstanceOfType(engine) ? engine
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <summary>Leaves the engine alone: whoever loaded it disposes it.</summary>
    public void Dispose() { }

    (ImageSource Image, string Question, RequestOptions Options) Read(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = messages.ToList();
        if (list.FirstOrDefault(m => m.Role != ChatRole.User && m.Role != ChatRole.System) is { } turn)
            throw new ArgumentException($"A request is one question about one image; a '{turn.Role}' message (an earlier turn) cannot be answered.", nameof(messages));
        var images = list.Where(m => m.Role == ChatRole.User).SelectMany(m => m.Contents).OfType<DataContent>().Where(c => c.HasTopLevelMediaType("image")).ToList();
        if (images.Count != 1)
            throw new ArgumentException($"A request needs exactly one image (a DataContent with an image/* media type in a user message); got {images.Count}.", nameof(messages));
        string question = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        if (string.IsNullOrWhiteSpace(question))
            throw new ArgumentException("The last user message has no question text.", nameof(messages));
        return (ImageSource.FromBytes(images[0].Data.ToArray(), $"the {images[0].MediaType} image"), question, Options(options));
    }

    RequestOptions Options(ChatOptions? options)
    {
        if (options is null) return defaults;
        var g = defaults.Generation;
        var request = defaults with
        {
            Generation = g with
            {
                MaxNewTokens = options.MaxOutputTokens ?? g.MaxNewTokens,
                Temperature = options.Temperature ?? g.Temperature,
                TopP = options.TopP ?? g.TopP,
                Seed = options.Seed is { } seed ? checked((int)seed) : g.Seed,
            },
            StopSequences = options.StopSequences?.ToArray() ?? defaults.StopSequences,
        };
        var props = options.AdditionalProperties;
        if (props is null) return request;
        if (props.Keys.FirstOrDefault(k => k.StartsWith(PropertyPrefix, StringComparison.Ordinal) && !Known.Contains(k)) is { } unknown)
            throw new ArgumentException($"Unknown option '{unknown}'; known: {string.Join(", ", Known)}.", nameof(options));
        return new PruningSettings
        {
            Selector = Get<string>(props, "asymvlm.selector"),
            Keep = Get<double?>(props, "asymvlm.keep"),
            KeepCount = Get<int?>(props, "asymvlm.keep_count"),
            Adaptive = Get<bool?>(props, "asymvlm.adaptive"),
            TextPolicy = Get<string>(props, "asymvlm.text_policy"),
            TextBudget = Get<int?>(props, "asymvlm.text_budget"),
        }.ApplyTo(request, "ChatOptions.AdditionalProperties");
    }

    static readonly string[] Known = ["asymvlm.selector", "asymvlm.keep", "asymvlm.keep_count", "asymvlm.adaptive", "asymvlm.text_policy", "asymvlm.text_budget"];

    /// <summary>A property as T, whether it was set in code (a number, a string) or deserialized (a JsonElement).</summary>
    static T? Get<T>(AdditionalPropertiesDictionary props, string key)
    {
        if (!props.TryGetValue(key, out var value) || value is null) return default;
        try
        {
            var json = value is JsonElement element ? element : JsonSerializer.SerializeToElement(value);
            return json.Deserialize<T>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"Option '{key}': '{value}' is not a {Nullable.GetUnderlyingType(typeof(T))?.Name ?? typeof(T).Name}.", e);
        }
    }

    static ChatFinishReason FinishReason(AskResult result, RequestOptions request) =>
        result.Tokens.Count >= request.Generation.MaxNewTokens ? ChatFinishReason.Length : ChatFinishReason.Stop;

    static UsageDetails Usage(AskResult result) => new()
    {
        InputTokenCount = result.Stats.PrefillTokens,
        OutputTokenCount = result.Stats.GeneratedTokens,
        TotalTokenCount = result.Stats.PrefillTokens + result.Stats.GeneratedTokens,
        AdditionalCounts = new() { [VisionTokensKept] = result.Stats.VisionTokensKept, [VisionTokensTotal] = result.Stats.VisionTokensTotal },
    };
}

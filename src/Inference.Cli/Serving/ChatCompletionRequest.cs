using System.Text.Json;
using AsymVLM.Inference.Engine;

namespace AsymVLM.Inference.Cli.Serving;

/// <summary>
/// The part of OpenAI's chat completion request this server reads (snake_case on the wire). Fields it does not know
/// are ignored, as OpenAI clients send more than any one server uses; <c>asymvlm</c> is this server's extension.
/// </summary>
public sealed record ChatCompletionRequest
{
    public string? Model { get; init; }
    public List<Message>? Messages { get; init; }
    public int? MaxTokens { get; init; }
    /// <summary>What OpenAI's newer clients send instead of max_tokens.</summary>
    public int? MaxCompletionTokens { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public long? Seed { get; init; }
    /// <summary>A string or an array of strings.</summary>
    public JsonElement? Stop { get; init; }
    public bool Stream { get; init; }
    public StreamSettings? StreamOptions { get; init; }
    public PruningSettings? Asymvlm { get; init; }

    /// <summary>Content is a string or an array of parts (<c>text</c>, <c>image_url</c>).</summary>
    public sealed record Message(string? Role, JsonElement Content);

    public sealed record StreamSettings(bool IncludeUsage);

    /// <summary>Also for the answers: OpenAI writes nulls (<c>"finish_reason": null</c>) rather than leaving them out.</summary>
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

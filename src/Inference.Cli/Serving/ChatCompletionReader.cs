using System.Text.Json;
using AsymVLM.Inference.Engine;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Inference.Cli.Serving;

/// <summary>
/// A chat completion request as the engine's question: the one <c>image_url</c> part (a base64 data URL) of the user
/// messages, the text of the last user message, and the request's settings over the server's defaults. As with
/// <see cref="VlmChatClient"/>, system messages are left out and earlier assistant turns are refused.
/// </summary>
public sealed class ChatCompletionReader(ServeOptions serve)
{
    public (ImageSource Image, string Question, RequestOptions Options) Read(ChatCompletionRequest request)
    {
        if (request.Messages is not { Count: > 0 } messages) throw ApiError.Invalid("'messages' is required and must not be empty.", "messages");
        var images = new List<(string Url, string Param)>();
        string? question = null;
        for (int i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (m.Role == "system" || m.Role == "developer") continue;
            if (m.Role != "user")
                throw ApiError.Invalid($"messages[{i}] has role '{m.Role}': a request is one question about one image, so only system and user messages are taken.", $"messages[{i}].role");
            question = UserText(m.Content, i, images);
        }
        if (images.Count != 1)
            throw ApiError.Invalid($"A request needs exactly one image (an image_url part with a base64 data URL in a user message); got {images.Count}.", "messages");
        if (string.IsNullOrWhiteSpace(question)) throw ApiError.Invalid("The last user message has no text: the question is missing.", "messages");
        return (Image(images[0].Url, images[0].Param), question, Options(request));
    }

    static string UserText(JsonElement content, int index, List<(string, string)> images)
    {
        if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array)
            throw ApiError.Invalid($"messages[{index}].content must be a string or an array of parts; got {content.ValueKind}.", $"messages[{index}].content");
        var text = new List<string>();
        int j = 0;
        foreach (var part in content.EnumerateArray())
        {
            string param = $"messages[{index}].content[{j++}]";
            string? type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) ? t.GetString() : null;
            switch (type)
            {
                case "text" when part.TryGetProperty("text", out var s) && s.ValueKind == JsonValueKind.String:
                    text.Add(s.GetString()!);
                    break;
                case "image_url" when part.TryGetProperty("image_url", out var u) && u.ValueKind == JsonValueKind.Object
                                      && u.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String:
                    images.Add((url.GetString()!, param));
                    break;
                default:
                    throw ApiError.Invalid($"{param} must be {{\"type\": \"text\", \"text\": ...}} or {{\"type\": \"image_url\", \"image_url\": {{\"url\": ...}}}}; got type '{type}'.", param);
            }
        }
        return string.Join("\n", text);
    }

    ImageSource Image(string url, string param)
    {
        // data:[<media type>][;base64],<data>; fetching remote URLs is left out on purpose (the server reaches no network).
        int comma = url.IndexOf(',');
        if (!url.StartsWith("data:", StringComparison.Ordinal) || comma < 0 || !url[..comma].EndsWith(";base64", StringComparison.Ordinal))
            throw ApiError.Invalid($"{param}: the image must be a base64 data URL (data:image/png;base64,...); got '{Shorten(url)}'.", param);
        var base64 = url.AsSpan(comma + 1);
        if (base64.Length / 4L * 3 > serve.MaxImageBytes)
            throw ApiError.TooLarge($"{param}: the image is over the server's {serve.MaxImageBytes} bytes.");
        var bytes = new byte[base64.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64Chars(base64, bytes, out int written))
            throw ApiError.Invalid($"{param}: the data URL's payload is not valid base64.", param);
        return ImageSource.FromBytes(bytes[..written], param);
    }

    RequestOptions Options(ChatCompletionRequest r)
    {
        var defaults = new RequestOptions { Generation = new GenerationOptions { MaxNewTokens = serve.MaxTokens } };
        var options = defaults with
        {
            Generation = defaults.Generation with
            {
                MaxNewTokens = r.MaxCompletionTokens ?? r.MaxTokens ?? serve.MaxTokens,
                Temperature = r.Temperature ?? 0,
                TopP = r.TopP ?? 1,
                Seed = r.Seed is { } seed ? (int)(seed % int.MaxValue) : 0,
            },
            StopSequences = Stops(r.Stop),
        };
        options = serve.Pruning.ApplyTo(options, "Serve:Pruning");
        return r.Asymvlm is { } pruning ? pruning.ApplyTo(options, "asymvlm") : options;
    }

    static string[] Stops(JsonElement? stop) => stop switch
    {
        null => [],
        { ValueKind: JsonValueKind.Null } => [],
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        { ValueKind: JsonValueKind.Array } a when a.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => [.. a.EnumerateArray().Select(e => e.GetString()!)],
        _ => throw ApiError.Invalid("'stop' must be a string or an array of strings.", "stop"),
    };

    static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

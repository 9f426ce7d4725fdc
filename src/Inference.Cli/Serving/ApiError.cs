using System.Text.Json.Serialization;

namespace AsymVLM.Inference.Cli.Serving;

/// <summary>An error the way OpenAI's API answers one: <c>{"error": {"message", "type", "param", "code"}}</c> with an HTTP status.</summary>
public sealed class ApiError(int status, string type, string message, string? param = null) : Exception(message)
{
    public int Status => status;

    public static ApiError Invalid(string message, string? param = null) => new(400, "invalid_request_error", message, param);

    public static ApiError TooLarge(string message) => new(413, "invalid_request_error", message);

    public Body ToBody() => new(new Detail(Message, type, param, null));

    public sealed record Body([property: JsonPropertyName("error")] Detail Error);

    public sealed record Detail(
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("param")] string? Param,
        [property: JsonPropertyName("code")] string? Code);
}

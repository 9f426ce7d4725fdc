using AsymVLM.Inference.Engine;

namespace AsymVLM.Inference.Cli.Serving;

/// <summary>The server's settings: the <c>Serve</c> configuration section (environment <c>ASYMVLM_Serve__Key</c>,
/// then the <c>serve</c> command's options).</summary>
public sealed record ServeOptions
{
    public string ModelDir { get; init; } = "";
    public string? ScorerDir { get; init; }
    /// <summary><c>auto</c>, <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "auto";
    /// <summary>Loopback by default: exposing the model is the operator's choice.</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>0 takes a free port (tests).</summary>
    public int Port { get; init; } = 8000;
    /// <summary>Requests waiting behind the one being answered; one more gets 429.</summary>
    public int QueueLength { get; init; } = 16;
    public long MaxBodyBytes { get; init; } = 16 << 20;
    /// <summary>Most bytes of one encoded image, after base64 decoding.</summary>
    public long MaxImageBytes { get; init; } = 8 << 20;
    /// <summary>From arrival to the last token, queueing included; also how long shutdown waits for requests in flight.</summary>
    public double RequestTimeoutSeconds { get; init; } = 120;
    /// <summary>max_tokens when a request gives none.</summary>
    public int MaxTokens { get; init; } = 64;
    /// <summary>Pruning when a request's <c>asymvlm</c> field leaves a setting out.</summary>
    public PruningSettings Pruning { get; init; } = new();

    /// <exception cref="ArgumentException">naming the key at fault</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDir)) throw new ArgumentException("Serve:ModelDir (--model) is required.");
        if (Port is < 0 or > 65535) throw new ArgumentException($"Serve:Port (--port) must be in [0, 65535]; got {Port}.");
        if (QueueLength < 0) throw new ArgumentException($"Serve:QueueLength must be >= 0; got {QueueLength}.");
        if (MaxBodyBytes < 1) throw new ArgumentException($"Serve:MaxBodyBytes must be >= 1; got {MaxBodyBytes}.");
        if (MaxImageBytes < 1) throw new ArgumentException($"Serve:MaxImageBytes must be >= 1; got {MaxImageBytes}.");
        if (!(RequestTimeoutSeconds > 0)) throw new ArgumentException($"Serve:RequestTimeoutSeconds must be > 0; got {RequestTimeoutSeconds}.");
        if (MaxTokens < 1) throw new ArgumentException($"Serve:MaxTokens must be >= 1; got {MaxTokens}.");
    }
}

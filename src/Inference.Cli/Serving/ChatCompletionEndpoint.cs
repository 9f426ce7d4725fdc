using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using AsymVLM.Inference.Engine;
using AsymVLM.Inference.Pipeline;
using Microsoft.AspNetCore.Http;
using Serilog;

namespace AsymVLM.Inference.Cli.Serving;

/// <summary>
/// <c>POST /v1/chat/completions</c>, OpenAI-compatible: a JSON answer, or with <c>stream</c> server-sent events of
/// <c>chat.completion.chunk</c>s ending in <c>data: [DONE]</c>. A request that fails before its first token gets a JSON
/// error whether it streams or not, since no event has been sent yet.
/// </summary>
public sealed class ChatCompletionEndpoint(VlmEngine engine, ServeOptions serve, RequestQueue queue, ServerMetrics metrics)
{
    readonly ChatCompletionReader reader = new(serve);

    public async Task Handle(HttpContext http)
    {
        var watch = Stopwatch.StartNew();
        using var ticket = queue.TryEnter();
        int status = 200;
        try
        {
            if (ticket is null)
                throw new ApiError(429, "rate_limit_error", $"The server is busy: {serve.QueueLength} requests are already waiting. Retry later.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(serve.RequestTimeoutSeconds));
            try { await Answer(http, await Read(http), timeout.Token); }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
            {
                throw new ApiError(504, "timeout", $"The request took longer than the server's {serve.RequestTimeoutSeconds} s timeout.");
            }
        }
        catch (Exception e) when (ToApiError(e) is { } error)
        {
            status = error.Status;
            Log.Warning("chat completion {Status}: {Message}", error.Status, error.Message);
            if (http.Response.HasStarted) await WriteEvent(http, error.ToBody(), CancellationToken.None);
            else
            {
                http.Response.StatusCode = error.Status;
                await http.Response.WriteAsJsonAsync(error.ToBody(), ChatCompletionRequest.Json);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            status = 499; // the client went away; nobody is left to answer
        }
        catch
        {
            status = 500; // the server's fault: the host answers it and logs the exception
            throw;
        }
        finally
        {
            metrics.Requests.WithLabels(status.ToString()).Inc();
            metrics.Latency.Observe(watch.Elapsed.TotalSeconds);
        }
    }

    // Reads and discards a body up to 16x the limit before the 413 goes out: a client still sending it would otherwise see
    // the connection reset instead of the answer. Anything larger is closed on.
    async Task Drain(HttpContext http, long length)
    {
        if (length > 16L * serve.MaxBodyBytes) return;
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = length;
        await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
    }

    async Task<ChatCompletionRequest> Read(HttpContext http)
    {
        if (http.Request.ContentLength is { } length && length > serve.MaxBodyBytes)
        {
            await Drain(http, length);
            throw ApiError.TooLarge($"The request body is {length} bytes, over the server's {serve.MaxBodyBytes}.");
        }
        try
        {
            return await JsonSerializer.DeserializeAsync<ChatCompletionRequest>(http.Request.Body, ChatCompletionRequest.Json, http.RequestAborted)
                ?? throw ApiError.Invalid("The request body is JSON null; expected a chat completion request object.");
        }
        catch (JsonException e)
        {
            throw ApiError.Invalid($"The request body is not a valid chat completion request: {e.Message}", e.Path);
        }
    }

    async Task Answer(HttpContext http, ChatCompletionRequest request, CancellationToken cancellation)
    {
        if (request.Model is { } model && model != engine.ModelName)
            throw ApiError.Invalid($"Unknown model '{model}'; this server serves '{engine.ModelName}'.", "model");
        var (image, question, options) = reader.Read(request);
        string id = $"chatcmpl-{Guid.NewGuid():N}";
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!request.Stream)
        {
            var result = await engine.AskAsync(image, question, options, cancellation: cancellation);
            Count(result);
            await http.Response.WriteAsJsonAsync(new
            {
                id, @object = "chat.completion", created, model = engine.ModelName,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = result.Answer }, finish_reason = FinishReason(result, options) } },
                usage = Usage(result),
            }, ChatCompletionRequest.Json, cancellation);
            return;
        }

        var pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var answering = engine.AskAsync(image, question, options, piece => pieces.Writer.TryWrite(piece), cancellation);
        _ = answering.ContinueWith(_ => pieces.Writer.Complete(), TaskScheduler.Default);
        object Chunk(object delta, string? finish) => new
        {
            id, @object = "chat.completion.chunk", created, model = engine.ModelName,
            choices = new[] { new { index = 0, delta, finish_reason = finish } },
        };
        bool first = true;
        await foreach (var piece in pieces.Reader.ReadAllAsync(cancellation))
        {
            if (first) StartEvents(http);
            await WriteEvent(http, Chunk(first ? new { role = "assistant", content = piece } : (object)new { content = piece }, null), cancellation);
            first = false;
        }
        var done = await answering; // an error before the first piece still becomes a JSON error
        Count(done);
        if (first) StartEvents(http);
        await WriteEvent(http, Chunk(new { }, FinishReason(done, options)), cancellation);
        if (request.StreamOptions?.IncludeUsage == true)
            await WriteEvent(http, new { id, @object = "chat.completion.chunk", created, model = engine.ModelName, choices = Array.Empty<object>(), usage = Usage(done) }, cancellation);
        await http.Response.WriteAsync("data: [DONE]\n\n", cancellation);
    }

    static void StartEvents(HttpContext http)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
    }

    static async Task WriteEvent(HttpContext http, object payload, CancellationToken cancellation)
    {
        await http.Response.WriteAsync($"data: {JsonSerializer.Serialize(payload, ChatCompletionRequest.Json)}\n\n", cancellation);
        await http.Response.Body.FlushAsync(cancellation);
    }

    void Count(AskResult result)
    {
        metrics.CompletionTokens.Inc(result.Stats.GeneratedTokens);
        metrics.VisionTokensKept.Inc(result.Stats.VisionTokensKept);
        metrics.VisionTokensSeen.Inc(result.Stats.VisionTokensTotal);
        metrics.FlopsSaved.Observe(result.Stats.FlopsSaved);
    }

    static string FinishReason(AskResult result, RequestOptions options) =>
        result.Tokens.Count >= options.Generation.MaxNewTokens ? "length" : "stop";

    static object Usage(AskResult result) => new
    {
        prompt_tokens = result.Stats.PrefillTokens,
        completion_tokens = result.Stats.GeneratedTokens,
        total_tokens = result.Stats.PrefillTokens + result.Stats.GeneratedTokens,
        vision_tokens_kept = result.Stats.VisionTokensKept,
        vision_tokens_total = result.Stats.VisionTokensTotal,
        flops_saved = result.Stats.FlopsSaved,
    };

    /// <summary>The caller's mistakes as 4xx errors; anything else is the server's and propagates (500).</summary>
    ApiError? ToApiError(Exception e) => e switch
    {
        ApiError api => api,
        BadHttpRequestException { StatusCode: 413 } => ApiError.TooLarge($"The request body is over the server's {serve.MaxBodyBytes} bytes."),
        BadHttpRequestException bad => new ApiError(bad.StatusCode, "invalid_request_error", bad.Message),
        ArgumentException arg => ApiError.Invalid(arg.Message, arg.ParamName),
        InvalidDataException or FileNotFoundException => ApiError.Invalid(e.Message),
        _ => null,
    };
}

using AsymVLM.Inference.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace AsymVLM.Inference.Cli.Serving;

/// <summary>
/// The HTTP server over one engine: <c>POST /v1/chat/completions</c>, <c>GET /v1/models</c>, <c>GET /health</c>,
/// <c>GET /metrics</c> (Prometheus text format). Stopping it lets the requests in flight finish (up to the request
/// timeout); the engine belongs to the caller, who disposes it after the server has stopped.
/// </summary>
public static class VlmServer
{
    public static WebApplication Build(VlmEngine engine, ServeOptions serve)
    {
        serve.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSerilog();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(serve.RequestTimeoutSeconds));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = serve.MaxBodyBytes;
            k.Listen(System.Net.IPAddress.Parse(serve.Host), serve.Port);
        });
        var app = builder.Build();

        var queue = new RequestQueue(serve.QueueLength);
        var metrics = new ServerMetrics();
        metrics.Registry.AddBeforeCollectCallback(() => metrics.Admitted.Set(queue.Admitted));
        var chat = new ChatCompletionEndpoint(engine, serve, queue, metrics);
        long started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        app.MapPost("/v1/chat/completions", chat.Handle);
        app.MapGet("/v1/models", () => Results.Json(new
        {
            @object = "list",
            data = new[] { new { id = engine.ModelName, @object = "model", created = started, owned_by = "asymvlm" } },
        }));
        app.MapGet("/health", () => Results.Json(new { status = "ok", model = engine.ModelName, scorer = engine.HasScorer, admitted = queue.Admitted }));
        app.MapGet("/metrics", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
        });
        return app;
    }

    /// <summary>The address the server listens on once started (port 0 resolved to the one taken).</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}

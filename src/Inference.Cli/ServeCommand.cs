using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Cli.Serving;
using AsymVLM.Inference.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>serve</c>: the OpenAI-compatible server. Settings not among its options come from the <c>Serve</c> configuration
/// section through environment variables (<c>ASYMVLM_Serve__QueueLength=4</c>, <c>ASYMVLM_Serve__Pruning__Selector=learned</c>);
/// the options win over them.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var model = ModelOptions.Model(required: false);
        model.Description += " (or ASYMVLM_Serve__ModelDir)";
        var scorer = ModelOptions.Scorer();
        var port = new Option<int?>("--port") { Description = "port to listen on (default: Serve:Port, 8000)", HelpName = "N" };
        var device = new Option<string?>("--device") { Description = "auto (CUDA + bfloat16 when available), cpu or cuda (default: Serve:Device, auto)", HelpName = "auto|cpu|cuda" };
        var command = new Command("serve", "Serve the model over an OpenAI-compatible HTTP API: POST /v1/chat/completions, GET /v1/models, /health, /metrics.")
        {
            model, scorer, port, device,
        };
        command.SetAction(parse =>
        {
            var overrides = new Dictionary<string, string?>
            {
                ["Serve:ModelDir"] = parse.GetValue(model),
                ["Serve:ScorerDir"] = parse.GetValue(scorer),
                ["Serve:Port"] = parse.GetValue(port)?.ToString(),
                ["Serve:Device"] = parse.GetValue(device),
            }.Where(kv => kv.Value is not null);
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables("ASYMVLM_").AddInMemoryCollection(overrides).Build();
            var serve = configuration.GetSection("Serve").Get<ServeOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new ServeOptions();
            serve.Validate();

            Log.Logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Console().CreateLogger();
            using var engine = VlmEngine.Load(serve.ModelDir, serve.ScorerDir, ComputeTarget.Parse(serve.Device, "--device"));
            using var app = VlmServer.Build(engine, serve);
            app.Start();
            Log.Information("Serving {Model} on {Address} (queue {Queue}, timeout {Timeout} s)", engine.ModelName, VlmServer.Address(app), serve.QueueLength, serve.RequestTimeoutSeconds);
            app.WaitForShutdown(); // Ctrl+C / SIGTERM: requests in flight finish first
            Log.CloseAndFlush();
            return 0;
        });
        return command.WithExamples(
            "asymvlm serve --model checkpoints/reference-vlm --scorer checkpoints/reference-scorer --port 8000 --device auto",
            "ASYMVLM_Serve__QueueLength=4 ASYMVLM_Serve__Pruning__Selector=learned ASYMVLM_Serve__Pruning__Keep=0.25 asymvlm serve --model checkpoints/reference-vlm --scorer checkpoints/reference-scorer");
    }
}

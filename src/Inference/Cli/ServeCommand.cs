using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Engine;
using AsymVLM.Inference.Serving;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>serve --model DIR [--scorer DIR] [--port N] [--device auto|cpu|cuda]</c>: the OpenAI-compatible server. Other
/// settings come from the <c>Serve</c> configuration section through environment variables
/// (<c>ASYMVLM_Serve__QueueLength=4</c>, <c>ASYMVLM_Serve__Pruning__Selector=learned</c>); the options win over them.
/// </summary>
public static class ServeCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv, ["--model", "--scorer", "--port", "--device"]);
        var overrides = new Dictionary<string, string?>
        {
            ["Serve:ModelDir"] = args.Get("--model"),
            ["Serve:ScorerDir"] = args.Get("--scorer"),
            ["Serve:Port"] = args.Get("--port"),
            ["Serve:Device"] = args.Get("--device"),
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
    }
}

using System.CommandLine;
using AsymVLM.CommandLine;
using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Cli.Serving;
using AsymVLM.Inference.Engine;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>bench-serve</c>: the server under load on loopback (in this process): N concurrent clients x M requests over
/// benchmark questions; requests/s, p50/p95 latency, errors and RSS before and after. Exit code 4 when any request fails.
/// </summary>
public static class BenchServeCommand
{
    public const int ErrorsExitCode = 4;

    public static Command Create()
    {
        var model = ModelOptions.Model(required: false);
        model.DefaultValueFactory = _ => Path.Combine("checkpoints", "reference-vlm");
        var scorer = ModelOptions.Scorer();
        var data = new Option<string>("--data") { Description = "a benchmark folder (manifest.jsonl + images) to take questions from", HelpName = "DIR", DefaultValueFactory = _ => Path.Combine("datasets", "test") };
        var clients = PositiveInt.Option("--clients", "concurrent clients", 4);
        var requests = PositiveInt.Option("--requests", "requests each client sends, one after another", 8);
        var maxTokens = PositiveInt.Option("--max-tokens", "max_tokens of every request", 16);
        var device = new DeviceOption();
        var command = new Command("bench-serve", $"The OpenAI-compatible server under concurrent load on loopback: requests/s, p50/p95 latency, errors (exit code {ErrorsExitCode} if any) and RSS before and after.")
        {
            model, scorer, data, clients, requests, maxTokens, device,
        };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(clients), m = parse.GetValue(requests);
            var prompts = Prompts(parse.GetValue(data)!, n * m);
            using var engine = VlmEngine.Load(parse.GetValue(model)!, parse.GetValue(scorer), device.Target(parse));
            // Every client's request waits its turn rather than being refused: the queue holds all of them.
            using var app = VlmServer.Build(engine, new ServeOptions { ModelDir = parse.GetValue(model)!, Port = 0, QueueLength = n });
            app.Start();
            var r = ServeLoadBenchmark.RunAsync(VlmServer.Address(app), engine.ModelName, prompts, n, m, parse.GetValue(maxTokens)).GetAwaiter().GetResult();
            app.StopAsync().GetAwaiter().GetResult();

            var table = new Table().Title("Serving under load (loopback, one process)").AddColumns("measure", "value");
            table.AddRow("clients x requests", $"{n} x {m}");
            table.AddRow("requests/s", $"{r.RequestsPerSecond:F2}");
            table.AddRow("latency p50 / p95", $"{r.P50Ms:F0} / {r.P95Ms:F0} ms");
            table.AddRow("errors", $"{r.Errors}");
            table.AddRow("RSS before / after", $"{r.RssBeforeBytes >> 20} / {r.RssAfterBytes >> 20} MiB ({(r.RssAfterBytes - r.RssBeforeBytes) / (double)(1 << 20):+0.0;-0.0;0.0} MiB)");
            AnsiConsole.Write(table);
            return r.Errors == 0 ? 0 : ErrorsExitCode;
        });
        return command.WithExamples("asymvlm bench-serve --clients 4 --requests 8", "asymvlm bench-serve --model checkpoints/reference-vlm --scorer checkpoints/reference-scorer --clients 8 --requests 4");
    }

    /// <summary>The first <paramref name="count"/> questions of the folder's manifest, with their image files' bytes.</summary>
    static List<ServeLoadBenchmark.Prompt> Prompts(string folder, int count)
    {
        string manifest = Path.Combine(folder, "manifest.jsonl");
        if (!File.Exists(manifest)) throw new FileNotFoundException($"--data {folder}: no manifest.jsonl there.", manifest);
        return Manifest.Read(manifest).Take(count)
            .Select(sample => new ServeLoadBenchmark.Prompt(File.ReadAllBytes(Manifest.ImagePath(manifest, sample)), sample.Question)).ToList();
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AsymVLM.Inference.Benchmarks;

namespace AsymVLM.Inference.Cli.Serving;

/// <summary>
/// Load on a running server: <c>clients</c> concurrent loopback clients each send <c>requests</c> chat completions
/// (benchmark images as data URLs), one after another. Reports throughput, latency percentiles, failed requests and the
/// process's resident memory after a warm-up round (one request per client) and after the load (the server runs in this process).
/// </summary>
public static class ServeLoadBenchmark
{
    public sealed record Prompt(byte[] Png, string Question);

    public sealed record Result(int Requests, int Errors, double Seconds, double P50Ms, double P95Ms, long RssBeforeBytes, long RssAfterBytes)
    {
        public double RequestsPerSecond => Requests / Seconds;
    }

    public static async Task<Result> RunAsync(Uri server, string model, IReadOnlyList<Prompt> prompts, int clients, int requests, int maxTokens)
    {
        if (prompts.Count == 0) throw new ArgumentException("No prompts to send.", nameof(prompts));
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var endpoint = new Uri(server, "v1/chat/completions");
        // One concurrent round first: what the first requests allocate once (JIT, allocator arenas, buffers) is not growth.
        var warmUp = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => SendAsync(http, endpoint, Body(model, prompts[c % prompts.Count], maxTokens))));
        if (warmUp.FirstOrDefault(e => e is not null) is { } warmUpError)
            throw new InvalidOperationException($"A warm-up request failed: {warmUpError}");
        long before = MemorySnapshot.Take().ResidentBytes;

        var latencies = new double[clients * requests];
        int errors = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            for (int i = 0; i < requests; i++)
            {
                int index = client * requests + i;
                var request = Stopwatch.StartNew();
                string? error = await SendAsync(http, endpoint, Body(model, prompts[index % prompts.Count], maxTokens));
                latencies[index] = request.Elapsed.TotalMilliseconds;
                if (error is not null && Interlocked.Increment(ref errors) == 1) firstError = error;
            }
        }));
        double seconds = watch.Elapsed.TotalSeconds;
        long after = MemorySnapshot.Take().ResidentBytes;
        if (firstError is not null) Console.Error.WriteLine($"First failed request: {firstError}");
        Array.Sort(latencies);
        return new Result(latencies.Length, errors, seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.95), before, after);
    }

    static string Body(string model, Prompt prompt, int maxTokens) => new JsonObject
    {
        ["model"] = model,
        ["max_tokens"] = maxTokens,
        ["messages"] = new JsonArray
        {
            new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray
                {
                    new JsonObject { ["type"] = "text", ["text"] = prompt.Question },
                    new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64," + Convert.ToBase64String(prompt.Png) } },
                },
            },
        },
    }.ToJsonString();

    /// <summary>Null when the server answered 200 with a completion; otherwise what went wrong.</summary>
    static async Task<string?> SendAsync(HttpClient http, Uri endpoint, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await http.PostAsync(endpoint, content);
        string text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) return $"{(int)response.StatusCode}: {text}";
        return JsonNode.Parse(text)?["choices"]?[0]?["message"]?["content"] is null ? $"no completion in {text}" : null;
    }

    // Nearest rank on sorted values.
    static double Percentile(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}

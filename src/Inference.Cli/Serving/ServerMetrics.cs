using Prometheus;

namespace AsymVLM.Inference.Cli.Serving;

/// <summary>What <c>GET /metrics</c> exposes, in a registry of the server's own (so servers in one process do not mix).</summary>
public sealed class ServerMetrics
{
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public ServerMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter("asymvlm_requests_total", "Chat completion requests by HTTP status.", new CounterConfiguration { LabelNames = ["status"] });
        Latency = factory.CreateHistogram("asymvlm_request_duration_seconds", "Chat completion latency, queueing included.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 2, 14) });
        Admitted = factory.CreateGauge("asymvlm_requests_admitted", "Requests being answered or waiting in the queue.", new GaugeConfiguration());
        CompletionTokens = factory.CreateCounter("asymvlm_completion_tokens_total", "Tokens generated.", new CounterConfiguration());
        VisionTokensKept = factory.CreateCounter("asymvlm_vision_tokens_kept_total", "Vision tokens that entered the language model.", new CounterConfiguration());
        VisionTokensSeen = factory.CreateCounter("asymvlm_vision_tokens_seen_total", "Vision tokens the encoder produced.", new CounterConfiguration());
        FlopsSaved = factory.CreateHistogram("asymvlm_flops_saved_ratio", "Share of a request's FLOPs saved against the unpruned request.",
            new HistogramConfiguration { Buckets = Histogram.LinearBuckets(0, 0.1, 11) });
    }

    public Counter Requests { get; }
    public Histogram Latency { get; }
    public Gauge Admitted { get; }
    public Counter CompletionTokens { get; }
    public Counter VisionTokensKept { get; }
    public Counter VisionTokensSeen { get; }
    public Histogram FlopsSaved { get; }
}

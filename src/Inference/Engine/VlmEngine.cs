using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AsymVLM.Data.Images;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Scoring;
using Serilog;

namespace AsymVLM.Inference.Engine;

/// <summary>
/// AsymVLM's entry point for applications: one model directory (HF layout) and, optionally, the importance head
/// distilled from it, loaded on one device, answering questions about images with the pruning a request asks for.
/// <para>
/// Thread-safety: every member may be called from any thread at any time. Requests run one at a time (they share the
/// model's weights and native threads, and one request already uses every core); the others wait for their turn
/// without blocking a thread in the async methods. <see cref="Dispose"/> waits for the request in progress, then frees
/// the model; requests after it, and those still waiting, throw <see cref="ObjectDisposedException"/>.
/// </para>
/// </summary>
public sealed class VlmEngine : IDisposable
{
    readonly Vlm vlm;
    readonly ImportanceHead? head;
    readonly AsymPipeline pipeline;
    readonly SemaphoreSlim turn = new(1, 1);
    volatile bool disposed;

    VlmEngine(Vlm vlm, ImportanceHead? head, ComputeTarget target)
    {
        this.vlm = vlm;
        this.head = head;
        Target = target;
        pipeline = new AsymPipeline(vlm, head);
    }

    /// <summary>Loads the model, and the scorer when <paramref name="scorerDir"/> is given; a scorer distilled from another model is refused.</summary>
    /// <param name="target">device and precision; <see cref="ComputeTarget.Default"/> when null (CUDA when present, else CPU)</param>
    /// <exception cref="InvalidDataException">the scorer was distilled from another model, or a file is malformed</exception>
    public static VlmEngine Load(string modelDir, string? scorerDir = null, ComputeTarget? target = null)
    {
        target ??= ComputeTarget.Default;
        var vlm = VlmLoader.Load(modelDir, target);
        try
        {
            var head = scorerDir is null ? null : ScorerCheckpoint.Load(scorerDir, vlm.Hash, target.Device).Head;
            Log.Information("Loaded model {Model} ({Hash}) on {Device}, {Scorer}", vlm.Name, vlm.Hash[..12], target.Device.type,
                scorerDir is null ? "no scorer" : $"scorer {scorerDir}");
            return new VlmEngine(vlm, head, target);
        }
        catch
        {
            vlm.Model.Dispose();
            throw;
        }
    }

    /// <summary>The model directory's name.</summary>
    public string ModelName => vlm.Name;

    /// <summary>The model's content hash, which scorers are tied to.</summary>
    public string ModelHash => vlm.Hash;

    public LlavaConfig ModelConfig => vlm.Model.Config;

    public ComputeTarget Target { get; }

    public bool HasScorer => head is not null;

    /// <summary>The vision selectors <see cref="RequestOptions.Selector"/> takes (<c>learned</c> only with a scorer).</summary>
    public IReadOnlyList<string> SelectorNames => pipeline.SelectorNames;

    /// <summary>The text eviction policies <see cref="RequestOptions.TextPolicy"/> takes.</summary>
    public IReadOnlyList<string> PolicyNames => pipeline.PolicyNames;

    /// <summary>The AnyRes geometry (views, tile map) the model gives an image of this size; null for a one-view model.</summary>
    public AnyResLayout? AnyResLayout(int imageHeight, int imageWidth) => ModelConfig.IsAnyRes ? vlm.Model.AnyResLayout(imageHeight, imageWidth) : null;

    /// <summary>Tokens in the prompt built for <paramref name="question"/> (image placeholders included).</summary>
    /// <exception cref="NotSupportedException">an AnyRes model: its placeholder count depends on the image's size</exception>
    public int PromptTokens(string question) => ModelConfig.IsAnyRes
        ? throw new NotSupportedException($"A {ModelConfig.ModelType} prompt's length depends on the image's size (its AnyRes views), which {nameof(PromptTokens)} is not given.")
        : vlm.Format.Build(question).Length;

    /// <summary>Answers on the calling thread; waits for the requests before it.</summary>
    /// <param name="options">pruning and decoding settings; unpruned greedy decoding when null</param>
    /// <param name="onText">receives the answer's text as it is decoded; the pieces concatenate to the answer</param>
    /// <exception cref="ArgumentException">an option, or the question, is invalid (the message names it)</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled before the answer was complete</exception>
    public AskResult Ask(ImageSource image, string question, RequestOptions? options = null, Action<string>? onText = null,
        CancellationToken cancellation = default)
    {
        var rgb = image.Decode();
        turn.Wait(cancellation);
        try { return Answer(rgb, question, options, onText, cancellation); }
        finally { turn.Release(); }
    }

    /// <summary>As <see cref="Ask"/>, on a pool thread; waiting for the requests before it blocks no thread.</summary>
    public async Task<AskResult> AskAsync(ImageSource image, string question, RequestOptions? options = null, Action<string>? onText = null,
        CancellationToken cancellation = default)
    {
        var rgb = image.Decode();
        await turn.WaitAsync(cancellation).ConfigureAwait(false);
        try { return await Task.Run(() => Answer(rgb, question, options, onText, cancellation), cancellation).ConfigureAwait(false); }
        finally { turn.Release(); }
    }

    /// <summary>The answer's text as it is decoded; the pieces concatenate to <see cref="AskAsync"/>'s answer. Leaving the
    /// loop early, or cancelling, stops the generation.</summary>
    public async IAsyncEnumerable<string> AskStreamingAsync(ImageSource image, string question, RequestOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var answering = AskAsync(image, question, options, piece => pieces.Writer.TryWrite(piece), stop.Token);
        _ = answering.ContinueWith(_ => pieces.Writer.Complete(), TaskScheduler.Default);
        try
        {
            await foreach (var piece in pieces.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
            {
                cancellation.ThrowIfCancellationRequested(); // pieces already buffered are not handed out after a cancel
                yield return piece;
            }
            await answering.ConfigureAwait(false); // its error or cancellation surfaces here
        }
        finally
        {
            stop.Cancel(); // a consumer that leaves early ends the generation instead of leaving it running
            await ((Task)answering).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    AskResult Answer(RgbImage rgb, string question, RequestOptions? options, Action<string>? onText, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using var pixels = vlm.Images.FromRgbImage(rgb);
        return pipeline.Ask(pixels, question, options ?? new RequestOptions(), onText, cancellation);
    }

    /// <summary>Waits for the request in progress, then frees the model and the scorer.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        turn.Wait();
        try
        {
            vlm.Model.Dispose();
            head?.Dispose();
        }
        finally { turn.Release(); } // waiters wake to see `disposed` and throw
    }
}

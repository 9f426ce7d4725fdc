using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Engine;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Scoring;

namespace AsymVLM.Tests.Engine;

public class VlmEngineTests : TinyEngineFixture
{
    static RequestOptions Options(string selector, int keep, string textPolicy = "none", int textBudget = 0) => new()
    {
        Selector = selector,
        Budget = VisionBudget.OfCount(keep),
        TextPolicy = textPolicy,
        TextBudget = textBudget,
        Generation = new GenerationOptions { MaxNewTokens = 12 },
    };

    [TestCase("none", 16, "none", 0)]
    [TestCase("random", 5, "none", 0)]
    [TestCase("learned", 4, "asym", 6)]
    [TestCase("fastv", 6, "streamingllm", 6)]
    public void AnswersAsThePipelineDoesWithTheSameSettings(string selector, int keep, string textPolicy, int textBudget)
    {
        var options = Options(selector, keep, textPolicy, textBudget);
        var vlm = VlmLoader.Load(files.ModelDir, ComputeTarget.Cpu);
        using var head = ScorerCheckpoint.Load(files.ScorerDir, vlm.Hash, ComputeTarget.Cpu.Device).Head;
        using var pixels = vlm.Images.FromFile(files.ImagePath);
        var expected = new AsymPipeline(vlm, head).Ask(pixels, Question, options);

        var actual = engine.Ask(ImageSource.FromFile(files.ImagePath), Question, options);

        Assert.That(actual.Tokens, Is.Not.Empty);
        Assert.That(actual.Answer, Is.EqualTo(expected.Answer));
        Assert.That(actual.Tokens, Is.EqualTo(expected.Tokens));
        Assert.That(actual.KeptIndices, Is.EqualTo(expected.KeptIndices));
        Assert.That(actual.Stats.VisionTokensKept, Is.EqualTo(keep));
        Assert.That(actual.Stats.TotalFlops, Is.EqualTo(expected.Stats.TotalFlops));
        vlm.Model.Dispose();
    }

    [Test]
    public void PathBytesAndStreamGiveTheSameAnswer()
    {
        var options = Options("uniform", 8);
        var fromPath = engine.Ask(ImageSource.FromFile(files.ImagePath), Question, options);
        var fromBytes = engine.Ask(ImageSource.FromBytes(files.PngBytes), Question, options);
        using var stream = new MemoryStream(files.PngBytes);
        var fromStream = engine.Ask(ImageSource.FromStream(stream), Question, options);
        var otherImage = engine.Ask(ImageSource.FromBytes(TinyEngineFiles.Png(seed: 8)), Question, options);

        Assert.That(fromBytes.Tokens, Is.EqualTo(fromPath.Tokens));
        Assert.That(fromStream.Tokens, Is.EqualTo(fromPath.Tokens));
        // The image reaches the model: another one gives another answer.
        Assert.That(otherImage.Tokens, Is.Not.EqualTo(fromPath.Tokens));
    }

    [Test]
    public async Task StreamedPiecesConcatenateToTheAnswer()
    {
        var options = Options("random", 6);
        var answer = await engine.AskAsync(ImageSource.FromFile(files.ImagePath), Question, options);

        var pieces = new List<string>();
        await foreach (var piece in engine.AskStreamingAsync(ImageSource.FromFile(files.ImagePath), Question, options))
            pieces.Add(piece);

        Assert.That(pieces, Has.Count.GreaterThan(1));
        Assert.That(string.Concat(pieces), Is.EqualTo(answer.Answer));
    }

    [Test]
    public async Task StopSequenceEndsTheAnswerBeforeIt()
    {
        var options = Options("none", 16);
        var full = await engine.AskAsync(ImageSource.FromFile(files.ImagePath), Question, options);
        Assert.That(full.Tokens, Has.Count.GreaterThanOrEqualTo(4));
        string stop = full.Answer.Substring(full.Answer.Length / 3, 1);
        var stopped = await engine.AskAsync(ImageSource.FromFile(files.ImagePath), Question, options with { StopSequences = [stop] });

        Assert.That(stopped.Answer, Is.EqualTo(full.Answer[..full.Answer.IndexOf(stop, StringComparison.Ordinal)]));
        Assert.That(stopped.Tokens.Count, Is.LessThan(full.Tokens.Count));
    }

    [Test]
    public void CancellingTheStreamStopsTheGeneration()
    {
        var options = Options("none", 16);
        using var cancel = new CancellationTokenSource();
        var pieces = new List<string>();
        Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (var piece in engine.AskStreamingAsync(ImageSource.FromFile(files.ImagePath), Question, options, cancel.Token))
            {
                pieces.Add(piece);
                cancel.Cancel();
            }
        });
        Assert.That(pieces, Has.Count.EqualTo(1));
    }

    [Test]
    public void CancellingARequestStopsItsDecodeLoop()
    {
        using var cancel = new CancellationTokenSource();
        int pieces = 0;
        Assert.CatchAsync<OperationCanceledException>(() => engine.AskAsync(ImageSource.FromFile(files.ImagePath), Question, Options("none", 16),
            _ => { pieces++; cancel.Cancel(); }, cancel.Token));
        Assert.That(pieces, Is.EqualTo(1));
    }

    [Test]
    public async Task ConcurrentRequestsGetTheAnswersTheyWouldGetAlone()
    {
        var options = Options("random", 6);
        var alone = engine.Ask(ImageSource.FromFile(files.ImagePath), Question, options);
        var together = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(() => engine.AskAsync(ImageSource.FromFile(files.ImagePath), Question, options))));
        Assert.That(together.Select(r => r.Answer), Is.All.EqualTo(alone.Answer));
    }

    [Test]
    public void AForeignScorerIsRefused()
    {
        Assert.That(() => VlmEngine.Load(files.ModelDir, files.ForeignScorerDir, ComputeTarget.Cpu),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("another-model").And.Message.Contains("scorer.json"));
    }

    [Test]
    public void WithoutAScorerTheLearnedSelectorIsAClearError()
    {
        using var bare = VlmEngine.Load(files.ModelDir, target: ComputeTarget.Cpu);
        Assert.That(bare.HasScorer, Is.False);
        Assert.That(bare.SelectorNames, Does.Not.Contain("learned"));
        Assert.That(() => bare.Ask(ImageSource.FromFile(files.ImagePath), Question, Options("learned", 4)),
            Throws.ArgumentException.With.Message.Contains("'learned'"));
    }

    [Test]
    public void AnUndecodableImageIsAClearError()
    {
        Assert.That(() => engine.Ask(ImageSource.FromBytes([1, 2, 3, 4], "upload.png"), Question),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("upload.png"));
    }

    [Test]
    public void ADisposedEngineRefusesRequests()
    {
        var disposable = VlmEngine.Load(files.ModelDir, target: ComputeTarget.Cpu);
        Assert.That(disposable.Ask(ImageSource.FromFile(files.ImagePath), Question, Options("none", 16)).Tokens, Is.Not.Empty);
        disposable.Dispose();
        disposable.Dispose();
        Assert.That(() => disposable.Ask(ImageSource.FromFile(files.ImagePath), Question), Throws.InstanceOf<ObjectDisposedException>());
        Assert.ThrowsAsync<ObjectDisposedException>(() => disposable.AskAsync(ImageSource.FromFile(files.ImagePath), Question));
    }
}

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Engine;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Cli.Serving;
using AsymVLM.Tests.Engine;
using Microsoft.AspNetCore.Builder;
using OpenAI;
using OpenAI.Chat;
using RequestOptions = AsymVLM.Inference.Pipeline.RequestOptions;

namespace AsymVLM.Tests.Serving;

/// <summary>The server on a loopback port, spoken to with the official OpenAI client and, for what it cannot send, raw HTTP.</summary>
public class VlmServerTests
{
    const string Question = "what is the value of TOTAL?";

    TinyEngineFiles files = null!;
    VlmEngine engine = null!;
    WebApplication server = null!;
    Uri address = null!;
    readonly HttpClient http = new();

    /// <summary>What the server does when a request gives only max_tokens: its configured pruning defaults.</summary>
    static readonly RequestOptions ServerDefaults = new()
    {
        Selector = "random",
        Budget = VisionBudget.OfCount(6),
        Generation = new GenerationOptions { MaxNewTokens = 12 },
    };

    ServeOptions Serve(int queueLength = 4) => new()
    {
        ModelDir = files.ModelDir,
        Port = 0,
        QueueLength = queueLength,
        MaxBodyBytes = 64 << 10,
        MaxTokens = 12,
        Pruning = new PruningSettings { Selector = "random", KeepCount = 6 },
    };

    [OneTimeSetUp]
    public async Task Start()
    {
        files = new TinyEngineFiles();
        engine = VlmEngine.Load(files.ModelDir, files.ScorerDir, ComputeTarget.Cpu);
        server = VlmServer.Build(engine, Serve());
        await server.StartAsync();
        address = VlmServer.Address(server);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await server.StopAsync();
        await server.DisposeAsync();
        engine.Dispose();
        files.Dispose();
        http.Dispose();
    }

    ChatClient OpenAiClient() => new(engine.ModelName, new ApiKeyCredential("unused"),
        new OpenAIClientOptions { Endpoint = new Uri(address, "v1"), RetryPolicy = new ClientRetryPolicy(0) });

    List<OpenAI.Chat.ChatMessage> Messages() =>
    [
        new UserChatMessage(ChatMessageContentPart.CreateTextPart(Question),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(files.PngBytes), "image/png")),
    ];

    AskResult Expected(RequestOptions options) => engine.Ask(ImageSource.FromBytes(files.PngBytes), Question, options);

    [Test]
    public async Task AChatCompletionWithAnImageAnswersAsTheEngineDoes()
    {
        var expected = Expected(ServerDefaults);
        ChatCompletion completion = await OpenAiClient().CompleteChatAsync(Messages(), new ChatCompletionOptions { MaxOutputTokenCount = 12 });

        Assert.That(expected.Tokens, Is.Not.Empty);
        Assert.That(completion.Content.Single().Text, Is.EqualTo(expected.Answer));
        Assert.That(completion.Usage.OutputTokenCount, Is.EqualTo(expected.Tokens.Count));
        Assert.That(completion.Usage.InputTokenCount, Is.EqualTo(expected.Stats.PrefillTokens));
        Assert.That(completion.Model, Is.EqualTo(engine.ModelName));
    }

    [Test]
    public async Task AStreamedCompletionArrivesInPiecesThatConcatenateToTheAnswer()
    {
        var expected = Expected(ServerDefaults);
        var pieces = new List<string>();
        await foreach (var update in OpenAiClient().CompleteChatStreamingAsync(Messages(), new ChatCompletionOptions { MaxOutputTokenCount = 12 }))
            pieces.AddRange(update.ContentUpdate.Select(part => part.Text));

        Assert.That(pieces, Has.Count.GreaterThan(1));
        Assert.That(string.Concat(pieces), Is.EqualTo(expected.Answer));
    }

    JsonObject Body(string? imageUrl = null, string question = Question, JsonObject? asymvlm = null, int maxTokens = 12)
    {
        var content = new JsonArray { new JsonObject { ["type"] = "text", ["text"] = question } };
        if (imageUrl is not null) content.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = imageUrl } });
        var body = new JsonObject
        {
            ["model"] = engine.ModelName,
            ["max_tokens"] = maxTokens,
            ["messages"] = new JsonArray { new JsonObject { ["role"] = "user", ["content"] = content } },
        };
        if (asymvlm is not null) body["asymvlm"] = asymvlm;
        return body;
    }

    string DataUrl => "data:image/png;base64," + Convert.ToBase64String(files.PngBytes);

    async Task<(HttpStatusCode Status, JsonNode Json)> Post(string body)
    {
        using var response = await http.PostAsync(new Uri(address, "v1/chat/completions"), new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Test]
    public async Task TheExtensionFieldChoosesThePruningAndUsageReportsIt()
    {
        var expected = Expected(new RequestOptions
        {
            Selector = "uniform", Budget = VisionBudget.OfCount(4), TextPolicy = "streamingllm", TextBudget = 6,
            Generation = new GenerationOptions { MaxNewTokens = 12 },
        });
        var (status, json) = await Post(Body(DataUrl, asymvlm: new JsonObject
        {
            ["selector"] = "uniform", ["keep_count"] = 4, ["text_policy"] = "streamingllm", ["text_budget"] = 6,
        }).ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), json.ToJsonString());
        Assert.That((string?)json["choices"]![0]!["message"]!["content"], Is.EqualTo(expected.Answer));
        Assert.That((int)json["usage"]!["vision_tokens_kept"]!, Is.EqualTo(4));
        Assert.That((int)json["usage"]!["vision_tokens_total"]!, Is.EqualTo(16));
        Assert.That((double)json["usage"]!["flops_saved"]!, Is.EqualTo(expected.Stats.FlopsSaved).Within(1e-12).And.GreaterThan(0));
    }

    static IEnumerable<TestCaseData> BadRequests()
    {
        yield return new TestCaseData("{\"model\": ", 400, "not a valid chat completion request").SetName("MalformedJson");
        yield return new TestCaseData("NO_IMAGE", 400, "exactly one image").SetName("MissingImage");
        yield return new TestCaseData("BAD_IMAGE", 400, "could not be decoded").SetName("UndecodableImage");
        yield return new TestCaseData("NOT_DATA_URL", 400, "base64 data URL").SetName("ImageNotADataUrl");
        yield return new TestCaseData("OVERSIZED", 413, "over the server's").SetName("OversizedBody");
        yield return new TestCaseData("UNKNOWN_SELECTOR", 400, "Unknown vision selector 'nope'").SetName("UnknownSelector");
        yield return new TestCaseData("MISSPELT_SETTING", 400, "selecter").SetName("MisspeltPruningSetting");
        yield return new TestCaseData("LONG_PROMPT", 400, "exceeds the model's 256 positions").SetName("TooLongPrompt");
        yield return new TestCaseData("UNKNOWN_MODEL", 400, "Unknown model 'gpt-9'").SetName("UnknownModel");
    }

    [TestCaseSource(nameof(BadRequests))]
    public async Task ABadRequestGetsAClearOpenAiShapedErrorAndTheServerKeepsServing(string request, int expectedStatus, string message)
    {
        string body = request switch
        {
            "NO_IMAGE" => Body().ToJsonString(),
            "BAD_IMAGE" => Body("data:image/png;base64," + Convert.ToBase64String(new byte[] { 1, 2, 3, 4, 5, 6 })).ToJsonString(),
            "NOT_DATA_URL" => Body("https://example.com/cat.png").ToJsonString(),
            "OVERSIZED" => Body(DataUrl, question: Question + new string(' ', 80 << 10)).ToJsonString(),
            "UNKNOWN_SELECTOR" => Body(DataUrl, asymvlm: new JsonObject { ["selector"] = "nope" }).ToJsonString(),
            "MISSPELT_SETTING" => Body(DataUrl, asymvlm: new JsonObject { ["selecter"] = "uniform" }).ToJsonString(),
            "LONG_PROMPT" => Body(DataUrl, question: string.Join(" ", Enumerable.Repeat(Question, 60))).ToJsonString(),
            "UNKNOWN_MODEL" => Body(DataUrl).ToJsonString().Replace(engine.ModelName, "gpt-9"),
            _ => request,
        };
        var (status, json) = await Post(body);

        Assert.That((int)status, Is.EqualTo(expectedStatus), json.ToJsonString());
        Assert.That((string?)json["error"]!["message"], Does.Contain(message));
        Assert.That((string?)json["error"]!["type"], Is.Not.Empty);
        var (after, _) = await Post(Body(DataUrl).ToJsonString());
        Assert.That(after, Is.EqualTo(HttpStatusCode.OK), "the server keeps serving");
    }

    [Test]
    public void TheOpenAiClientSeesTheErrorMessage()
    {
        var noImage = new List<OpenAI.Chat.ChatMessage> { new UserChatMessage(Question) };
        var error = Assert.ThrowsAsync<ClientResultException>(() => OpenAiClient().CompleteChatAsync(noImage));
        Assert.That(error!.Status, Is.EqualTo(400));
        Assert.That(error.Message, Does.Contain("exactly one image"));
    }

    [Test]
    public async Task AFullQueueGets429AndTheWaitingRequestIsStillAnswered()
    {
        await using var busy = VlmServer.Build(engine, Serve(queueLength: 0));
        await busy.StartAsync();
        var busyAddress = VlmServer.Address(busy);
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        // Hold the engine from outside the server: the server's one admitted request then waits for its turn.
        var holder = engine.AskAsync(ImageSource.FromBytes(files.PngBytes), Question, ServerDefaults, _ => { inside.Set(); release.Wait(); });
        Assert.That(inside.Wait(TimeSpan.FromSeconds(30)), Is.True);

        var waiting = http.PostAsync(new Uri(busyAddress, "v1/chat/completions"), new StringContent(Body(DataUrl).ToJsonString(), Encoding.UTF8, "application/json"));
        for (int i = 0; i < 300 && !(await http.GetStringAsync(new Uri(busyAddress, "health"))).Contains("\"admitted\":1"); i++) await Task.Delay(20);

        using var rejected = await http.PostAsync(new Uri(busyAddress, "v1/chat/completions"), new StringContent(Body(DataUrl).ToJsonString(), Encoding.UTF8, "application/json"));
        var rejection = JsonNode.Parse(await rejected.Content.ReadAsStringAsync())!;
        release.Set();
        await holder;
        using var answered = await waiting;

        Assert.That((int)rejected.StatusCode, Is.EqualTo(429));
        Assert.That((string?)rejection["error"]!["message"], Does.Contain("busy"));
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await busy.StopAsync();
    }

    [Test]
    public async Task ModelsHealthAndMetricsAnswer()
    {
        var models = JsonNode.Parse(await http.GetStringAsync(new Uri(address, "v1/models")))!;
        Assert.That((string?)models["data"]![0]!["id"], Is.EqualTo(engine.ModelName));
        var health = JsonNode.Parse(await http.GetStringAsync(new Uri(address, "health")))!;
        Assert.That((string?)health["status"], Is.EqualTo("ok"));

        await Post(Body(DataUrl).ToJsonString());
        string metrics = await http.GetStringAsync(new Uri(address, "metrics"));
        Assert.That(metrics, Does.Contain("asymvlm_requests_total{status=\"200\"}"));
        Assert.That(metrics, Does.Contain("asymvlm_vision_tokens_kept_total"));
    }
}

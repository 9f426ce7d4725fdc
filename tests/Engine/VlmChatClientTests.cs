using AsymVLM.Inference.Engine;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;
using Microsoft.Extensions.AI;

namespace AsymVLM.Tests.Engine;

public class VlmChatClientTests : TinyEngineFixture
{
    ChatMessage[] Messages() =>
    [
        new(ChatRole.System, "You answer questions about images."),
        new(ChatRole.User, [new TextContent(Question), new DataContent(files.PngBytes, "image/png")]),
    ];

    static ChatOptions Options() => new()
    {
        MaxOutputTokens = 10,
        Temperature = 0.8f,
        TopP = 0.9f,
        Seed = 3,
        AdditionalProperties = new() { ["asymvlm.selector"] = "uniform", ["asymvlm.keep_count"] = 6, ["asymvlm.text_policy"] = "asym", ["asymvlm.text_budget"] = 6 },
    };

    static readonly RequestOptions Same = new()
    {
        Selector = "uniform",
        Budget = VisionBudget.OfCount(6),
        TextPolicy = "asym",
        TextBudget = 6,
        Generation = new GenerationOptions { MaxNewTokens = 10, Temperature = 0.8f, TopP = 0.9f, Seed = 3 },
    };

    [Test]
    public async Task AnswersAsTheEngineDoesWithTheSameSettings()
    {
        using IChatClient client = new VlmChatClient(engine);
        var expected = await engine.AskAsync(ImageSource.FromBytes(files.PngBytes), Question, Same);

        var response = await client.GetResponseAsync(Messages(), Options());

        Assert.That(expected.Tokens, Is.Not.Empty);
        Assert.That(response.Text, Is.EqualTo(expected.Answer));
        Assert.That(response.Usage!.OutputTokenCount, Is.EqualTo(expected.Tokens.Count));
        Assert.That(response.Usage.AdditionalCounts![VlmChatClient.VisionTokensKept], Is.EqualTo(6));
        Assert.That(response.ModelId, Is.EqualTo(engine.ModelName));
    }

    [Test]
    public async Task StreamedUpdatesConcatenateToTheAnswer()
    {
        using IChatClient client = new VlmChatClient(engine);
        var expected = await engine.AskAsync(ImageSource.FromBytes(files.PngBytes), Question, Same);

        var updates = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync(Messages(), Options())) updates.Add(update.Text);

        Assert.That(updates, Has.Count.GreaterThan(1));
        Assert.That(string.Concat(updates), Is.EqualTo(expected.Answer));
    }

    [Test]
    public void AMissingImageIsAClearArgumentException()
    {
        using IChatClient client = new VlmChatClient(engine);
        Assert.That(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, Question)]),
            Throws.ArgumentException.With.Message.Contains("exactly one image").And.Message.Contains("got 0"));
    }

    [Test]
    public void UnknownOrMistypedPruningOptionsAreClearErrors()
    {
        using IChatClient client = new VlmChatClient(engine);
        var misspelt = new ChatOptions { AdditionalProperties = new() { ["asymvlm.selecter"] = "uniform" } };
        Assert.That(() => client.GetResponseAsync(Messages(), misspelt), Throws.ArgumentException.With.Message.Contains("asymvlm.selecter"));
        var mistyped = new ChatOptions { AdditionalProperties = new() { ["asymvlm.keep_count"] = "many" } };
        Assert.That(() => client.GetResponseAsync(Messages(), mistyped), Throws.ArgumentException.With.Message.Contains("asymvlm.keep_count"));
        var unknownSelector = new ChatOptions { AdditionalProperties = new() { ["asymvlm.selector"] = "nope" } };
        Assert.That(() => client.GetResponseAsync(Messages(), unknownSelector), Throws.ArgumentException.With.Message.Contains("'nope'"));
    }
}

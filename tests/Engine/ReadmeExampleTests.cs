using System.Text;
using AsymVLM.Inference.Engine;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Regression;
using Microsoft.Extensions.AI;

namespace AsymVLM.Tests.Engine;

/// <summary>The README's "Use it from your app" code, compiled and run here on a tiny model (and the sample app's, run by .ci/run); tests check the README still shows both.</summary>
public class ReadmeExampleTests
{
    [Test]
    public async Task TheReadmeExampleRunsAndItsThreeWaysAgree()
    {
        using var files = new TinyEngineFiles();
        string modelDir = files.ModelDir, scorerDir = files.ScorerDir, imagePath = files.ImagePath;
        // README begin
        using var engine = VlmEngine.Load(modelDir, scorerDir); // CUDA when present, else CPU; a scorer of another model is refused
        var options = new RequestOptions { Selector = "learned", Budget = VisionBudget.OfRatio(0.25), Generation = new() { MaxNewTokens = 16 } };
        AskResult result = await engine.AskAsync(ImageSource.FromFile(imagePath), "what is the value of REF?", options);
        Console.WriteLine($"{result.Answer}: {result.Stats.VisionTokensKept}/{result.Stats.VisionTokensTotal} vision tokens, {result.Stats.FlopsSaved:P0} of the FLOPs saved");

        var streamed = new StringBuilder();
        await foreach (string piece in engine.AskStreamingAsync(ImageSource.FromFile(imagePath), "what is the value of REF?", options))
            streamed.Append(piece); // or show each piece as it arrives

        IChatClient chat = new VlmChatClient(engine); // Microsoft.Extensions.AI
        ChatResponse reply = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("what is the value of REF?"), new DataContent(File.ReadAllBytes(imagePath), "image/png")])],
            new ChatOptions { MaxOutputTokens = 16, AdditionalProperties = new() { ["asymvlm.selector"] = "learned", ["asymvlm.keep"] = 0.25 } });
        // README end

        Assert.That(result.Stats.VisionTokensKept, Is.EqualTo(4));
        Assert.That(streamed.ToString(), Is.EqualTo(result.Answer));
        Assert.That(reply.Text, Is.EqualTo(result.Answer));
    }

    [Test]
    public void TheReadmeShowsThisCode()
    {
        string root = ShippedCheckpoints.RepositoryRoot();
        string source = File.ReadAllText(Path.Combine(root, "tests", "Engine", "ReadmeExampleTests.cs"));
        int begin = source.IndexOf("// README begin", StringComparison.Ordinal), end = source.IndexOf("        // README end", StringComparison.Ordinal);
        var lines = source[begin..end].Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0);
        var readme = File.ReadAllLines(Path.Combine(root, "README.md")).Select(l => l.Trim()).ToHashSet();
        Assert.That(lines, Is.Not.Empty);
        Assert.That(lines.Where(l => !readme.Contains(l)), Is.Empty, "lines of the example missing from README.md");
    }

    [Test]
    public void TheReadmeShowsTheSampleAppsCode()
    {
        string root = ShippedCheckpoints.RepositoryRoot();
        var lines = File.ReadAllLines(Path.Combine(root, "samples", "AskSample", "Program.cs")).Select(l => l.Trim()).Where(l => l.Length > 0);
        var readme = File.ReadAllLines(Path.Combine(root, "README.md")).Select(l => l.Trim()).ToHashSet();
        Assert.That(lines.Where(l => !readme.Contains(l)), Is.Empty, "lines of samples/AskSample/Program.cs missing from README.md");
    }
}

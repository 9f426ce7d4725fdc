using System.CommandLine;
using AsymVLM.Inference.Cli;
using AsymVLM.Training.Cli;

namespace AsymVLM.Tests.Cli;

/// <summary>Both command lines: --help on every command, and one behaviour for unknown and malformed options.</summary>
public class CommandLineTests
{
    public static IEnumerable<TestCaseData> EveryCommand() =>
        new (string Cli, Func<RootCommand> Root)[] { ("asymvlm", InferenceCommands.Root), ("training", TrainingCommands.Root) }
            .SelectMany(cli => CommandLineRun.Commands(cli.Root()).Select(c =>
                new TestCaseData(cli.Root, c.Path).SetArgDisplayNames(string.Join(' ', [cli.Cli, .. c.Path]))));

    static Command Find(RootCommand root, string[] path) => path.Length == 0 ? root : root.Subcommands.Single(c => c.Name == path[0]);

    [TestCaseSource(nameof(EveryCommand))]
    public void HelpNamesEveryOptionItsDefaultsAndAnExample(Func<RootCommand> root, string[] path)
    {
        var run = CommandLineRun.Of(root(), [.. path, "--help"]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var command = Find(root(), path);
        foreach (var option in command.Options.Where(o => !o.Hidden))
            Assert.That(run.Output, Does.Contain(option.Name), $"help of '{command.Name}' names {option.Name}");
        if (command.Options.OfType<Option<int>>().Any(o => o.DefaultValueFactory is not null))
            Assert.That(run.Output, Does.Contain("[default: "));
        Assert.That(run.Output, Does.Contain("Examples:"));
    }

    [TestCaseSource(nameof(EveryCommand))]
    public void AnUnknownOptionIsAnErrorNamingIt(Func<RootCommand> root, string[] path)
    {
        // The training jobs' file is read before its overrides are checked, so the root gets a real one.
        string[] job = Find(root(), path).Arguments.Any() ? [TrainJson] : [];
        var run = CommandLineRun.Of(root(), [.. path, .. job, "--no-such-option"]);
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("error:").And.Contain("--no-such-option"));
        Assert.That(run.Output, Is.Empty, "no work started");
    }

    [Test]
    public void AMalformedValueIsAnErrorNamingTheOption()
    {
        var run = CommandLineRun.Of(InferenceCommands.Root(), "ask", "--model", "m", "--image", "i", "--question", "q", "--keep", "half");
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("error:").And.Contain("--keep").And.Contain("half"));
    }

    [Test]
    public void AMissingRequiredOptionIsAnErrorNamingIt()
    {
        var run = CommandLineRun.Of(TrainingCommands.Root(), "generate-data", "--seed", "3");
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("--out"));
    }

    [Test]
    public void ConfigurationOverridesAndResumeReachTheTrainingJob()
    {
        var parse = TrainingCommands.Root().Parse(["train.json", "--Teacher:Signal=rollout", "--resume", "--Teacher:Layers=3,4"]);
        Assert.That(parse.Errors, Is.Empty);
        Assert.That(parse.UnmatchedTokens, Is.EqualTo(new[] { "--Teacher:Signal=rollout", "--Teacher:Layers=3,4" }));
        Assert.That(parse.GetValue<bool>("--resume"), Is.True);
    }

    [Test]
    public void AnOverrideOfAnUnknownSectionIsAnErrorNamingIt()
    {
        var run = CommandLineRun.Of(TrainingCommands.Root(), TrainJson, "--Trainig:Steps=3");
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("error:").And.Contain("Trainig"));
    }

    static string TrainJson => Path.Combine(Regression.ShippedCheckpoints.RepositoryRoot(), "train.json");
}

using System.CommandLine;
using AsymVLM.Inference.Cli;
using AsymVLM.Training.Cli;

namespace AsymVLM.Tests.Cli;

/// <summary>Both command lines: --help on every command, and one behaviour for unknown and malformed options.</summary>
public class CommandLineTests
{
    public static IEnumerable<TestCaseData> EveryCommand() =>
        new[] { new CommandLineApp("asymvlm", InferenceCommands.Root, InferenceCommands.Run), new CommandLineApp("training", TrainingCommands.Root, TrainingCommands.Run) }
            .SelectMany(cli => CommandLineRun.Commands(cli.Root()).Select(c =>
                new TestCaseData(cli, c.Path).SetArgDisplayNames(string.Join(' ', [cli.Name, .. c.Path]))));

    public sealed record CommandLineApp(string Name, Func<RootCommand> Root, Func<IReadOnlyList<string>, TextWriter, TextWriter, int> Run);

    static Command Find(RootCommand root, string[] path) => path.Length == 0 ? root : root.Subcommands.Single(c => c.Name == path[0]);

    [TestCaseSource(nameof(EveryCommand))]
    public void HelpNamesEveryOptionItsDefaultsAndAnExample(CommandLineApp cli, string[] path)
    {
        var run = CommandLineRun.Of(cli.Run, [.. path, "--help"]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var command = Find(cli.Root(), path);
        foreach (var option in command.Options.Where(o => !o.Hidden))
            Assert.That(run.Output, Does.Contain(option.Name), $"help of '{command.Name}' names {option.Name}");
        if (command.Options.OfType<Option<int>>().Any(o => o.DefaultValueFactory is not null))
            Assert.That(run.Output, Does.Contain("[default: "));
        Assert.That(run.Output, Does.Contain("Examples:"));
    }

    [TestCaseSource(nameof(EveryCommand))]
    public void AnUnknownOptionIsAnErrorNamingIt(CommandLineApp cli, string[] path)
    {
        // A command that takes a job's file gets a real one, so that the option is what is wrong.
        string[] job = Find(cli.Root(), path).Arguments.Any() ? [TrainJson] : [];
        var run = CommandLineRun.Of(cli.Run, [.. path, .. job, "--no-such-option"]);
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("error:").And.Contain("--no-such-option"));
        Assert.That(run.Output, Is.Empty, "no work started");
    }

    [Test]
    public void AMalformedValueIsAnErrorNamingTheOption()
    {
        var run = CommandLineRun.Of(InferenceCommands.Run, "ask", "--model", "m", "--image", "i", "--question", "q", "--keep", "half");
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("error:").And.Contain("--keep").And.Contain("half"));
    }

    [Test]
    public void AMissingRequiredOptionIsAnErrorNamingIt()
    {
        var run = CommandLineRun.Of(TrainingCommands.Run, "generate-data", "--seed", "3");
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("--out"));
    }

    [Test]
    public void ConfigurationOverridesAndResumeReachTheTrainingJob()
    {
        var parse = TrainingCommands.Root().Parse(["train.json", "--Teacher:Signal=rollout", "--resume", "--Teacher:Layers=3,4"]);
        Assert.That(parse.Errors, Is.Empty);
        Assert.That(parse.GetValue<string[]>("OVERRIDES"), Is.EqualTo(new[] { "--Teacher:Signal=rollout", "--Teacher:Layers=3,4" }));
        Assert.That(parse.GetValue<bool>("--resume"), Is.True);
    }

    [Test]
    public void AnOverrideOfAnUnknownSectionIsAnErrorNamingIt()
    {
        var run = CommandLineRun.Of(TrainingCommands.Run, TrainJson, "--Trainig:Steps=3");
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("error:").And.Contain("Trainig"));
    }

    [Test]
    public void AFineTuneThatWouldExportOverTheModelItStartsFromIsRefusedBeforeAnyWork()
    {
        var model = Path.Combine(Regression.ShippedCheckpoints.RepositoryRoot(), "checkpoints", "reference-vlm");
        var before = File.GetLastWriteTimeUtc(Path.Combine(model, "model.safetensors"));
        var runDir = Directory.CreateTempSubdirectory("asymvlm-finetune-").FullName;
        var run = CommandLineRun.Of(TrainingCommands.Run, Path.Combine(model, "pretrain.json"),
            $"--Model:InitFrom={model}", $"--Output:ExportDir={model}", $"--Output:RunDir={runDir}/run", $"--Output:StableDir={runDir}/stable");
        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("Output:ExportDir").And.Contain("Model:InitFrom"));
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(model, "model.safetensors")), Is.EqualTo(before));
    }

    static string TrainJson => Path.Combine(Regression.ShippedCheckpoints.RepositoryRoot(), "train.json");
}

using System.CommandLine;

namespace AsymVLM.Tests.Cli;

/// <summary>One run of a command line, as its Program runs it, with what it printed.</summary>
public sealed record CommandLineRun(int ExitCode, string Output, string Error)
{
    public static CommandLineRun Of(Func<IReadOnlyList<string>, TextWriter, TextWriter, int> run, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = run(args, output, error);
        return new CommandLineRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The root and each of its subcommands, as the command path that reaches it.</summary>
    public static IEnumerable<(string[] Path, Command Command)> Commands(RootCommand root) =>
        root.Subcommands.Select(c => (new[] { c.Name }, c)).Prepend((Array.Empty<string>(), (Command)root));
}

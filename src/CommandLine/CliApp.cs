using System.CommandLine;

namespace AsymVLM.CommandLine;

/// <summary>
/// Runs a command line the same way in both applications: <c>--help</c> on any command prints its options, defaults
/// and example (exit 0); an unknown or malformed option, or a missing one, is an <c>error:</c> line naming it (exit 1,
/// before any work); an error the command raises on bad input (a missing file, a refused value) is an <c>error:</c>
/// line too (exit 1), not a stack trace.
/// </summary>
public static class CliApp
{
    public const int ErrorExitCode = 1;

    /// <param name="isInputError">the application's own input errors, besides those of <see cref="IsInputError"/></param>
    /// <param name="onInputError">also told of each input error (e.g. to log it to a run's log file)</param>
    public static int Run(RootCommand root, IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null,
        Func<Exception, bool>? isInputError = null, Action<Exception>? onInputError = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !CommandExamples.IsHelp(parse.Action))
        {
            foreach (var e in parse.Errors) error.WriteLine($"error: {e.Message}");
            error.WriteLine($"See '{CommandPath(parse)} --help'.");
            return ErrorExitCode;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsInputError(e) || isInputError?.Invoke(e) == true)
        {
            onInputError?.Invoke(e);
            error.WriteLine($"error: {e.Message}");
            return ErrorExitCode;
        }
    }

    /// <summary>The exceptions this project raises for bad input, as opposed to bugs (which keep their stack trace).</summary>
    public static bool IsInputError(Exception e) => e is ArgumentException or InvalidDataException or IOException or InvalidOperationException;

    static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command.Name);
        return string.Join(' ', names);
    }
}

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace AsymVLM.CommandLine;

/// <summary>Example command lines that <c>--help</c> prints after a command's options.</summary>
public static class CommandExamples
{
    static readonly ConditionalWeakTable<Command, string[]> Examples = new();

    public static T WithExamples<T>(this T command, params string[] lines) where T : Command
    {
        Examples.AddOrUpdate(command, lines);
        return command;
    }

    /// <summary>Makes the root's (recursive) help option print the examples too.</summary>
    public static void ShowInHelp(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction standard) help.Action = new HelpWithExamples(standard);
    }

    /// <summary>Whether the parse chose help (which wins over any parse error, as <c>--help</c> asks for no work).</summary>
    public static bool IsHelp(CommandLineAction? action) => action is HelpAction or HelpWithExamples;

    sealed class HelpWithExamples(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parse)
        {
            int code = standard.Invoke(parse);
            if (!Examples.TryGetValue(parse.CommandResult.Command, out var lines)) return code;
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var line in lines) output.WriteLine($"  {line}");
            output.WriteLine();
            return code;
        }
    }
}

using System.CommandLine;

namespace AsymVLM.Training.Cli;

/// <summary>
/// A job's JSON file and its <c>--Section:Key=value</c> overrides: the overrides are the tokens the command's own options
/// leave unmatched, each checked by <see cref="Configuration.JobConfiguration.Build"/> (anything else is an error naming it).
/// </summary>
public static class ConfigArgument
{
    public const string OverridesHelp = "Any --Section:Key=value overrides the file's key (--Training:LearningRate=3e-4; an array whole: --Teacher:Layers=3,4).";

    public static Argument<string> Create(string description) => new("CONFIG") { Description = description };

    /// <summary>Lets the command take the overrides, which no option declares.</summary>
    public static T AcceptingOverrides<T>(this T command) where T : Command
    {
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    public static IReadOnlyList<string> Overrides(ParseResult parse) => parse.UnmatchedTokens;
}

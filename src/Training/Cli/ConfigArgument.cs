using System.CommandLine;

namespace AsymVLM.Training.Cli;

/// <summary>
/// A job's JSON file and its <c>--Section:Key=value</c> overrides. The overrides are the command's trailing arguments
/// (no option declares them); <see cref="Configuration.JobConfiguration.Build"/> checks each, so a misspelt option
/// among them is an error that names it.
/// </summary>
public static class ConfigArgument
{
    public static Argument<string> Create(string description) => new("CONFIG") { Description = description };

    public static Argument<string[]> Overrides() => new("OVERRIDES")
    {
        Arity = ArgumentArity.ZeroOrMore,
        Description = "--Section:Key=value, each overriding that key of the file (--Training:LearningRate=3e-4; an array whole: --Teacher:Layers=3,4)",
    };
}

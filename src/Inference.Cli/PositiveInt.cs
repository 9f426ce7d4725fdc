using System.CommandLine;

namespace AsymVLM.Inference.Cli;

/// <summary>An integer option that must be at least 1; a smaller value is a parse error naming the option.</summary>
public static class PositiveInt
{
    public static Option<int> Option(string name, string description, int fallback)
    {
        var option = new Option<int>(name) { Description = description, HelpName = "N", DefaultValueFactory = _ => fallback };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError($"Option {name}: {result.GetValueOrDefault<int>()} must be at least 1.");
        });
        return option;
    }
}

using System.CommandLine;

namespace AsymVLM.Inference.Cli;

/// <summary>The <c>--model</c> and <c>--scorer</c> options, worded alike on every command.</summary>
public static class ModelOptions
{
    public static Option<string> Model(bool required = true) => new("--model")
    {
        Description = "the VLM: a HuggingFace-layout LLaVA directory", HelpName = "DIR", Required = required,
    };

    public static Option<string?> Scorer() => new("--scorer")
    {
        Description = "the importance head distilled from that model (needed by the learned selector; one of another model is refused)",
        HelpName = "DIR",
    };
}

using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Inference.Cli;

/// <summary>Request options from the command line: --selector, --keep | --keep-count | --adaptive, --text-policy, --text-budget (and the policy settings), --max-new-tokens, --seed.</summary>
public static class RequestArgs
{
    public static readonly string[] Options = ["--selector", "--keep", "--keep-count", "--text-policy", "--text-budget", "--max-new-tokens", "--seed", "--min-keep", "--max-keep", .. TextPolicyArgs.Options];
    public static readonly string[] Flags = ["--adaptive"];

    public static RequestOptions Parse(CliArgs args)
    {
        var budget = args.Has("--adaptive") ? new VisionBudget { Adaptive = true }
            : args.Has("--keep-count") ? VisionBudget.OfCount(args.Int("--keep-count", 0))
            : VisionBudget.OfRatio(args.Double("--keep", 1.0));
        if (args.Has("--adaptive") && (args.Has("--keep") || args.Has("--keep-count")) || args.Has("--keep") && args.Has("--keep-count"))
            throw new ArgumentException("Give only one of --keep, --keep-count and --adaptive.");
        budget = budget with { Min = args.Int("--min-keep", 1), Max = args.Int("--max-keep", int.MaxValue) };
        var options = new RequestOptions
        {
            Selector = args.Get("--selector") ?? (args.Has("--adaptive") ? "learned" : "none"),
            Budget = budget,
            TextPolicy = args.Get("--text-policy") ?? "none",
            TextBudget = args.Int("--text-budget", 0),
            TextPolicyOptions = TextPolicyArgs.Parse(args),
            Generation = new GenerationOptions { MaxNewTokens = args.Int("--max-new-tokens", 32) },
            Seed = args.Int("--seed", 0),
        };
        options.Validate();
        return options;
    }
}

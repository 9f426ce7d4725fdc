using System.CommandLine;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// One request's options on the command line: --selector, --keep | --keep-count | --adaptive (with --min-keep, --max-keep),
/// --text-policy, --text-budget and the policy settings, --max-new-tokens, --seed. Checked before any model loads.
/// </summary>
public sealed class RequestArgs
{
    readonly Option<string?> selector = new("--selector") { Description = "vision selector, e.g. learned, fastv, visionzip, divprune, random, none (default: none; learned with --adaptive)", HelpName = "NAME" };
    readonly Option<double?> keep = new("--keep") { Description = "share of the vision tokens to keep, in (0, 1] (default: 1)", HelpName = "R" };
    readonly Option<int?> keepCount = new("--keep-count") { Description = "number of vision tokens to keep", HelpName = "N" };
    readonly Option<bool> adaptive = new("--adaptive") { Description = "let the scorer's budget head choose how many to keep" };
    readonly Option<int> minKeep = new("--min-keep") { Description = "fewest vision tokens an adaptive budget keeps", HelpName = "N", DefaultValueFactory = _ => 1 };
    readonly Option<int?> maxKeep = new("--max-keep") { Description = "most vision tokens an adaptive budget keeps (default: all)", HelpName = "N" };
    readonly Option<string> textPolicy = new("--text-policy") { Description = "text KV eviction policy, e.g. asym, h2o, tova, streamingllm, none", HelpName = "NAME", DefaultValueFactory = _ => "none" };
    readonly Option<int> textBudget = new("--text-budget") { Description = "text KV entries kept once the policy starts evicting (0: unbounded)", HelpName = "N", DefaultValueFactory = _ => 0 };
    readonly Option<int> maxNewTokens = new("--max-new-tokens") { Description = "longest answer, in tokens", HelpName = "N", DefaultValueFactory = _ => 32 };
    readonly Option<int> seed = new("--seed") { Description = "seed of the random selector and of sampling", HelpName = "S", DefaultValueFactory = _ => 0 };
    readonly TextPolicyArgs textPolicyArgs = new();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { selector, keep, keepCount, adaptive, minKeep, maxKeep, textPolicy, textBudget, maxNewTokens, seed })
            command.Options.Add(option);
        textPolicyArgs.AddTo(command);
    }

    public RequestOptions Read(ParseResult parse)
    {
        bool isAdaptive = parse.GetValue(adaptive);
        double? ratio = parse.GetValue(keep);
        int? count = parse.GetValue(keepCount);
        if ((isAdaptive ? 1 : 0) + (ratio is null ? 0 : 1) + (count is null ? 0 : 1) > 1)
            throw new ArgumentException("Give only one of --keep, --keep-count and --adaptive.");
        var budget = isAdaptive ? new VisionBudget { Adaptive = true }
            : count is { } n ? VisionBudget.OfCount(n)
            : VisionBudget.OfRatio(ratio ?? 1.0);
        var options = new RequestOptions
        {
            Selector = parse.GetValue(selector) ?? (isAdaptive ? "learned" : "none"),
            Budget = budget with { Min = parse.GetValue(minKeep), Max = parse.GetValue(maxKeep) ?? int.MaxValue },
            TextPolicy = parse.GetValue(textPolicy)!,
            TextBudget = parse.GetValue(textBudget),
            TextPolicyOptions = textPolicyArgs.Read(parse),
            Generation = new GenerationOptions { MaxNewTokens = parse.GetValue(maxNewTokens) },
            Seed = parse.GetValue(seed),
        };
        options.Validate();
        return options;
    }
}

using System.CommandLine;
using AsymVLM.Inference.Eviction;

namespace AsymVLM.Inference.Cli;

/// <summary>The text policies' settings on the command line: --text-sinks, --text-recent, --text-decay, --text-threshold.</summary>
public sealed class TextPolicyArgs
{
    readonly Option<int?> sinks = new("--text-sinks") { Description = "first text entries never evicted (default: the policy's own)", HelpName = "N" };
    readonly Option<int?> recent = new("--text-recent") { Description = "most recent text entries never evicted (default: the policy's own)", HelpName = "N" };
    readonly Option<float?> decay = new("--text-decay") { Description = "asym: per-step decay of the attention scores (default: the policy's own)", HelpName = "D" };
    readonly Option<float?> threshold = new("--text-threshold") { Description = "asym: score below which an entry may go (default: the policy's own)", HelpName = "T" };

    public void AddTo(Command command)
    {
        command.Options.Add(sinks);
        command.Options.Add(recent);
        command.Options.Add(decay);
        command.Options.Add(threshold);
    }

    /// <summary>An option left out keeps each policy's own default.</summary>
    public TextEvictionOptions Read(ParseResult parse) =>
        new(parse.GetValue(sinks), parse.GetValue(recent), parse.GetValue(decay), parse.GetValue(threshold));
}

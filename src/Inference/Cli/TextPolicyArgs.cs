using AsymVLM.Inference.Eviction;

namespace AsymVLM.Inference.Cli;

/// <summary>The text policies' settings from the command line: --text-sinks, --text-recent, --text-decay, --text-threshold.</summary>
public static class TextPolicyArgs
{
    public static readonly string[] Options = ["--text-sinks", "--text-recent", "--text-decay", "--text-threshold"];

    /// <summary>An option left out keeps each policy's own default.</summary>
    public static TextEvictionOptions Parse(CliArgs args) => new(
        Sinks: args.Has("--text-sinks") ? args.Int("--text-sinks", 0) : null,
        Recent: args.Has("--text-recent") ? args.Int("--text-recent", 0) : null,
        Decay: args.Has("--text-decay") ? (float)args.Double("--text-decay", 0) : null,
        Threshold: args.Has("--text-threshold") ? (float)args.Double("--text-threshold", 0) : null);
}

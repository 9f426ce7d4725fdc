namespace AsymVLM.Inference.Cli;

/// <summary>
/// <c>--name value</c> options and <c>--flag</c> switches of a subcommand. Unknown options are an error
/// (a typo must not silently fall back to a default).
/// </summary>
public sealed class CliArgs
{
    readonly Dictionary<string, string?> values = new();

    public CliArgs(IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string>? flags = null)
    {
        flags ??= [];
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (flags.Contains(a)) { values[a] = null; continue; }
            if (!options.Contains(a))
                throw new ArgumentException($"Unknown option '{a}' (known: {string.Join(", ", options.Concat(flags))}).");
            if (i + 1 >= args.Count) throw new ArgumentException($"Option {a} needs a value.");
            values[a] = args[++i];
        }
    }

    public bool Has(string name) => values.ContainsKey(name);
    public string? Get(string name) => values.GetValueOrDefault(name);
    public string Required(string name) => Get(name) ?? throw new ArgumentException($"Missing option {name}.");

    /// <summary>Where to run, from <c>--device auto|cpu|cuda</c> (default auto: CUDA + bfloat16 when available).</summary>
    public Checkpoints.ComputeTarget Target() => Checkpoints.ComputeTarget.Parse(Get("--device") ?? "auto", "--device");

    public int Int(string name, int fallback) => Get(name) is { } t
        ? int.TryParse(t, out int v) ? v : throw new ArgumentException($"Option {name}: '{t}' is not an integer.")
        : fallback;

    public double Double(string name, double fallback) => Get(name) is { } t
        ? double.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v
            : throw new ArgumentException($"Option {name}: '{t}' is not a finite number.")
        : fallback;

    public IReadOnlyList<string> List(string name, string fallback) =>
        (Get(name) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

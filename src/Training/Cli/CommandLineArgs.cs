namespace AsymVLM.Training.Cli;

/// <summary>Minimal <c>--name value</c> / <c>--flag</c> parsing for subcommands; errors name the option.</summary>
public sealed class CommandLineArgs(IReadOnlyList<string> args)
{
    public string? Get(string name)
    {
        for (int i = 0; i < args.Count - 1; i++) if (args[i] == name) return args[i + 1];
        return null;
    }

    public bool Has(string flag) => args.Contains(flag);

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"Missing option {name}.");

    public int Int(string name, int fallback)
    {
        var text = Get(name);
        if (text is null) return fallback;
        return int.TryParse(text, out int value) ? value : throw new ArgumentException($"Option {name}: '{text}' is not an integer.");
    }
}

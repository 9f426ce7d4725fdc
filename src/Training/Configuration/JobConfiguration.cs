using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace AsymVLM.Training.Configuration;

/// <summary>
/// A job's configuration: the JSON file, then environment variables prefixed <c>ASYMVLM_</c>
/// (<c>ASYMVLM_Training__LearningRate</c>), then command-line overrides (<c>--Training:LearningRate=3e-4</c>).
/// An override of an array replaces it whole (<c>--Teacher:Layers=3,4</c>); one element is <c>--Teacher:Layers:0=4</c>.
/// </summary>
public static partial class JobConfiguration
{
    public static IConfigurationRoot Build(string jsonPath, IEnumerable<string> overrides)
    {
        var full = Path.GetFullPath(jsonPath);
        if (!File.Exists(full)) throw new ConfigurationException($"Config file not found: {jsonPath}");
        var args = overrides.ToArray();
        foreach (var arg in args)
            if (!OverrideShape().IsMatch(arg))
                throw new ConfigurationException($"Unrecognized argument '{arg}': overrides are --Section:Key=value (and --resume).");
        try
        {
            return new ConfigurationBuilder()
                .AddJsonFile(full, optional: false)
                .AddEnvironmentVariables("ASYMVLM_")
                .AddCommandLine(args)
                .Build();
        }
        catch (InvalidDataException e)
        {
            throw new ConfigurationException($"{jsonPath}: {e.Message}{(e.InnerException is { } i ? " " + i.Message : "")}");
        }
    }

    /// <summary>
    /// Binds a section to typed options; an unknown key or an unparsable value names the key. Arrays take exactly the
    /// configured elements (the binder would otherwise append them to the defaults), and a scalar set on an array key
    /// (an override such as <c>--Teacher:Layers=4</c>) replaces the file's elements instead of being ignored.
    /// </summary>
    public static T Bind<T>(IConfiguration root, string section) where T : IValidatedOptions, new()
    {
        var source = root.GetSection(section);
        var arrays = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType.IsArray).ToList();
        var pairs = source.AsEnumerable(makePathsRelative: true).Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var array in arrays)
        {
            if (source.GetSection(array.Name).Value is not { } scalar) continue;
            foreach (var key in pairs.Keys.Where(k => k.StartsWith(array.Name + ":", StringComparison.OrdinalIgnoreCase)).ToList())
                pairs.Remove(key);
            pairs.Remove(array.Name);
            var items = scalar.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < items.Length; i++) pairs[$"{array.Name}:{i}"] = items[i];
        }
        var options = new T();
        foreach (var array in arrays.Where(a => pairs.Keys.Any(k => k.StartsWith(a.Name + ":", StringComparison.OrdinalIgnoreCase))))
            array.SetValue(options, null);
        try { new ConfigurationBuilder().AddInMemoryCollection(pairs).Build().Bind(options, o => o.ErrorOnUnknownConfiguration = true); }
        catch (InvalidOperationException e)
        {
            throw new ConfigurationException($"Section '{section}': {e.Message}{(e.InnerException is { } i ? " " + i.Message : "")}");
        }
        options.Validate(section);
        return options;
    }

    /// <summary>Fails on top-level sections the job does not know (a typo would otherwise be ignored).</summary>
    public static void RequireOnlySections(IConfiguration root, string file, params string[] known)
    {
        foreach (var child in root.GetChildren())
            if (!known.Contains(child.Key))
                throw new ConfigurationException($"{file}: unknown section '{child.Key}' (known: {string.Join(", ", known)}).");
    }

    [GeneratedRegex(@"^--[A-Za-z][A-Za-z0-9_]*(:[A-Za-z0-9_]+)+=")]
    private static partial Regex OverrideShape();
}

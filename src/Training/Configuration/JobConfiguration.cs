using Microsoft.Extensions.Configuration;

namespace AsymVLM.Training.Configuration;

/// <summary>
/// A job's configuration: the JSON file, then environment variables prefixed <c>ASYMVLM_</c>
/// (<c>ASYMVLM_Training__LearningRate</c>), then command-line overrides (<c>--Training:LearningRate=3e-4</c>).
/// </summary>
public static class JobConfiguration
{
    public static IConfigurationRoot Build(string jsonPath, IEnumerable<string> overrides)
    {
        var full = Path.GetFullPath(jsonPath);
        if (!File.Exists(full)) throw new ConfigurationException($"Config file not found: {jsonPath}");
        return new ConfigurationBuilder()
            .AddJsonFile(full, optional: false)
            .AddEnvironmentVariables("ASYMVLM_")
            .AddCommandLine(overrides.ToArray())
            .Build();
    }

    /// <summary>Binds a section to typed options; an unknown key or an unparsable value names the key.</summary>
    public static T Bind<T>(IConfiguration root, string section) where T : IValidatedOptions, new()
    {
        var s = root.GetSection(section);
        T options;
        try { options = s.Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T(); }
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
}

namespace AsymVLM.Training.Configuration;

/// <summary>Range and path checks whose errors name the configuration key.</summary>
public static class Require
{
    public static void Positive(double value, string key)
    {
        if (!(value > 0)) throw new ConfigurationException($"{key} must be > 0, got {value}.");
    }

    public static void InRange(double value, double min, double max, string key)
    {
        if (!(value >= min && value <= max)) throw new ConfigurationException($"{key} must be in [{min}, {max}], got {value}.");
    }

    public static void NotEmpty(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ConfigurationException($"{key} is required.");
    }

    public static void DirectoryExists(string? path, string key)
    {
        NotEmpty(path, key);
        if (!Directory.Exists(path)) throw new ConfigurationException($"{key}: directory '{path}' does not exist.");
    }

    public static void FileExists(string? path, string key)
    {
        NotEmpty(path, key);
        if (!File.Exists(path)) throw new ConfigurationException($"{key}: file '{path}' does not exist.");
    }
}

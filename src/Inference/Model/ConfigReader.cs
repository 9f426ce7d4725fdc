using System.Text.Json;
using System.Text.Json.Nodes;

namespace AsymVLM.Inference.Model;

/// <summary>Typed reads from a config.json with HF-style defaults; errors name the file and key.</summary>
public sealed class ConfigReader(string file)
{
    public string File { get; } = file;

    public int Int(JsonObject json, string key, int fallback) => Read(json, key, fallback, n => n.GetValue<int>());
    public double Double(JsonObject json, string key, double fallback) => Read(json, key, fallback, n => n.GetValue<double>());
    public bool Bool(JsonObject json, string key, bool fallback) => Read(json, key, fallback, n => n.GetValue<bool>());
    public string String(JsonObject json, string key, string fallback) => Read(json, key, fallback, n => n.GetValue<string>());

    T Read<T>(JsonObject json, string key, T fallback, Func<JsonNode, T> get)
    {
        var node = json[key];
        if (node is null) return fallback;
        try { return get(node); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new InvalidDataException($"{File}: key '{key}' has value {node.ToJsonString()}, expected {typeof(T).Name}.", e);
        }
    }
}

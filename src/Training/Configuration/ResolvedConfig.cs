using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace AsymVLM.Training.Configuration;

/// <summary>The configuration as the job saw it (file + environment + command line), as JSON, saved beside its outputs.</summary>
public static class ResolvedConfig
{
    public static JsonObject ToJson(IConfiguration config) => (JsonObject)Node(config);

    // Configuration flattens arrays into children "0", "1", ...; turn those back into JSON arrays.
    static JsonNode Node(IConfiguration config)
    {
        var children = config.GetChildren().ToList();
        if (children.Count > 0 && children.All(c => int.TryParse(c.Key, out _)))
            return new JsonArray(children.OrderBy(c => int.Parse(c.Key)).Select(Value).ToArray());
        var json = new JsonObject();
        foreach (var child in children.OrderBy(c => c.Key, StringComparer.Ordinal)) json[child.Key] = Value(child);
        return json;
    }

    static JsonNode? Value(IConfigurationSection section) =>
        section.GetChildren().Any() ? Node(section) : JsonValue.Create(section.Value);
}

using System.Text.Json;

namespace AsymVLM.Data.Tokenization;

/// <summary>Reads a tokenizer JSON file, turning parse failures into errors that name the file.</summary>
internal static class TokenizerJson
{
    public static JsonElement ParseFile(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            // Deserializing to JsonElement yields a self-contained clone, so no JsonDocument needs disposing.
            return JsonSerializer.Deserialize<JsonElement>(bytes);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }
}

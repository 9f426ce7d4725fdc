using System.Text.Json;
using AsymVLM.Data.Tokenization;

namespace AsymVLM.Data.Datasets;

/// <summary>
/// Reads LLaVA-style conversation JSON:
/// <c>[{"id": ..., "image": "rel/path.jpg", "conversations": [{"from": "human", "value": "&lt;image&gt;\nQ"}, {"from": "gpt", "value": "A"}, ...]}]</c>.
/// Each entry gives one item from its first human turn and the gpt turn that follows; later turns depend on the
/// earlier dialogue and are not standalone questions. Entries without an image (text-only data) are skipped.
/// </summary>
public static class LlavaConversationReader
{
    public static List<EvalItem> Read(string jsonPath, string imageFolder, string task)
    {
        if (!File.Exists(jsonPath))
            throw new FileNotFoundException($"Conversation file '{jsonPath}' does not exist.", jsonPath);
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(File.ReadAllBytes(jsonPath));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{jsonPath}' is not valid JSON: {e.Message}", e);
        }
        if (root.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"'{jsonPath}' must hold a JSON array of conversations, found {root.ValueKind}.");

        var items = new List<EvalItem>();
        int index = 0;
        foreach (JsonElement entry in root.EnumerateArray())
        {
            string where = $"'{jsonPath}' entry {index++}";
            if (entry.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{where} must be an object, found {entry.ValueKind}.");
            if (!entry.TryGetProperty("image", out JsonElement image) || image.ValueKind == JsonValueKind.Null)
                continue;
            if (image.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{where}: \"image\" must be a relative path string, found {image.ValueKind}.");

            (string question, string answer) = FirstExchange(entry, where);
            items.Add(new EvalItem(
                Id: ReadId(entry, where),
                Image: new ImageFile(Path.Combine(imageFolder, image.GetString()!)),
                Question: question,
                Answers: [answer],
                Task: task));
        }
        return items;
    }

    private static string ReadId(JsonElement entry, string where)
    {
        if (!entry.TryGetProperty("id", out JsonElement id))
            throw new InvalidDataException($"{where} has no \"id\".");
        return id.ValueKind switch
        {
            JsonValueKind.String => id.GetString()!,
            JsonValueKind.Number => id.GetRawText(),
            _ => throw new InvalidDataException($"{where}: \"id\" must be a string or number, found {id.ValueKind}."),
        };
    }

    /// <summary>The first human turn (image placeholder removed) and the gpt reply right after it.</summary>
    private static (string Question, string Answer) FirstExchange(JsonElement entry, string where)
    {
        if (!entry.TryGetProperty("conversations", out JsonElement turns) || turns.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{where} has no \"conversations\" array.");

        string? question = null;
        foreach (JsonElement turn in turns.EnumerateArray())
        {
            string from = TurnField(turn, "from", where);
            string value = TurnField(turn, "value", where);
            if (question is null && from == "human")
                question = StripImagePlaceholder(value);
            else if (question is not null && from == "gpt")
                return (question, value);
        }
        throw new InvalidDataException($"{where}: \"conversations\" has no human turn followed by a gpt turn.");
    }

    private static string TurnField(JsonElement turn, string key, string where) =>
        turn.ValueKind == JsonValueKind.Object && turn.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"{where}: every conversation turn needs a string \"{key}\".");

    /// <summary>LLaVA writes the placeholder before or after the question, joined by a newline.</summary>
    private static string StripImagePlaceholder(string value) =>
        value.Replace(ChatTemplate.ImagePlaceholder + "\n", "", StringComparison.Ordinal)
             .Replace("\n" + ChatTemplate.ImagePlaceholder, "", StringComparison.Ordinal)
             .Replace(ChatTemplate.ImagePlaceholder, "", StringComparison.Ordinal)
             .Trim();
}

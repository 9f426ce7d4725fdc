using System.Text;
using System.Text.Json.Nodes;

namespace AsymVLM.Tests.Fuzz;

/// <summary>
/// Seeded mutations of bytes, text and JSON. Values are drawn from the edges that break loaders (zero, negative,
/// just past a limit, huge, wrong JSON type) rather than uniformly, so a few hundred cases reach them.
/// Every method returns a short description of what it did, for the failure report.
/// </summary>
public sealed class Mutator(int seed)
{
    readonly Random random = new(seed);

    public int Next(int maxExclusive) => random.Next(maxExclusive);

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    static readonly Func<JsonNode?>[] EdgeValues =
    [
        () => 0, () => -1, () => 1, () => 2, () => 3, () => 7, () => 100_000, () => int.MaxValue, () => int.MinValue,
        () => long.MaxValue, () => 4_294_967_296L, () => 1e300, () => -1e-5, () => 0.5, () => 1e-300,
        () => "", () => "x", () => "../../etc/passwd", () => "/etc/passwd", () => null, () => true,
        () => new JsonArray(), () => new JsonArray(1, 2), () => new JsonArray(1, 2, 3, 4), () => new JsonObject(),
    ];

    public JsonNode? EdgeValue() => EdgeValues[random.Next(EdgeValues.Length)]();

    /// <summary>Sets, removes or retypes one value anywhere in the tree (objects and arrays alike).</summary>
    public string MutateJson(JsonNode root)
    {
        var slots = new List<(JsonNode Parent, string? Key, int Index, string Path)>();
        Collect(root, "$", slots);
        if (slots.Count == 0)
            return "nothing to mutate";
        var (parent, key, index, path) = slots[random.Next(slots.Count)];
        bool remove = random.Next(5) == 0;
        JsonNode? value = remove ? null : EdgeValue();
        string text = value?.ToJsonString() ?? "null";
        switch (parent)
        {
            case JsonObject obj when remove:
                obj.Remove(key!);
                return $"removed {path}";
            case JsonObject obj:
                obj[key!] = value;
                return $"{path} = {text}";
            case JsonArray array when remove:
                array.RemoveAt(index);
                return $"removed {path}";
            case JsonArray array:
                array[index] = value;
                return $"{path} = {text}";
        }
        return "nothing to mutate";
    }

    static void Collect(JsonNode node, string path, List<(JsonNode, string?, int, string)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    slots.Add((obj, key, -1, $"{path}.{key}"));
                    if (child is not null) Collect(child, $"{path}.{key}", slots);
                }
                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    slots.Add((array, null, i, $"{path}[{i}]"));
                    if (array[i] is { } child) Collect(child, $"{path}[{i}]", slots);
                }
                break;
        }
    }

    /// <summary>Flips, overwrites, inserts or deletes a few bytes, or truncates, duplicates a span, or appends junk.</summary>
    public string MutateBytes(ref byte[] bytes, int protectPrefix = 0)
    {
        if (bytes.Length <= protectPrefix) return "too short to mutate";
        int at = protectPrefix + random.Next(bytes.Length - protectPrefix);
        switch (random.Next(6))
        {
            case 0:
                int flips = 1 + random.Next(4);
                for (int i = 0; i < flips; i++)
                    bytes[protectPrefix + random.Next(bytes.Length - protectPrefix)] ^= (byte)(1 << random.Next(8));
                return $"flipped {flips} bits";
            case 1:
                bytes[at] = (byte)random.Next(256);
                return $"byte {at} overwritten";
            case 2:
                bytes = bytes[..at];
                return $"truncated to {at} bytes";
            case 3:
                bytes = [.. bytes[..at], .. RandomBytes(1 + random.Next(16)), .. bytes[at..]];
                return $"junk inserted at {at}";
            case 4:
                int length = Math.Min(1 + random.Next(16), bytes.Length - at);
                bytes = [.. bytes[..at], .. bytes[(at + length)..]];
                return $"{length} bytes deleted at {at}";
            default:
                bytes = [.. bytes, .. RandomBytes(1 + random.Next(64))];
                return "junk appended";
        }
    }

    /// <summary>A text mutation: the UTF-8 bytes mutated, or one line dropped or duplicated.</summary>
    public string MutateText(ref string text)
    {
        var lines = text.Split('\n').ToList();
        if (lines.Count > 1 && random.Next(3) == 0)
        {
            int line = random.Next(lines.Count);
            if (random.Next(2) == 0) lines.RemoveAt(line);
            else lines.Insert(line, lines[line]);
            text = string.Join('\n', lines);
            return $"line {line + 1} dropped or duplicated";
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        string what = MutateBytes(ref bytes);
        text = Encoding.UTF8.GetString(bytes);
        return what;
    }

    byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}

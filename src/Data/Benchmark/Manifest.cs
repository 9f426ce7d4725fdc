using System.Text;
using System.Text.Json;

namespace AsymVLM.Data.Benchmark;

/// <summary>
/// Reads and writes <c>manifest.jsonl</c>: one JSON object per line with keys
/// <c>id, image, question, answer, family, task, regions</c>; <c>image</c> is relative to the manifest's
/// folder and <c>regions</c> is <c>[[x, y, width, height], ...]</c> in pixels (possibly empty).
/// Blank lines are skipped.
/// </summary>
public static class Manifest
{
    /// <summary>The image's path on disk: <see cref="BenchmarkSample.Image"/> resolved against the manifest's folder.</summary>
    public static string ImagePath(string manifestPath, BenchmarkSample sample) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, sample.Image));

    /// <summary>Reads and validates every row; a bad row throws <see cref="InvalidDataException"/> naming the file and line.</summary>
    public static IReadOnlyList<BenchmarkSample> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Manifest '{path}' does not exist.", path);

        var samples = new List<BenchmarkSample>();
        var firstLineOfId = new Dictionary<string, int>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            BenchmarkSample sample = ParseLine(path, lineNumber, line);
            if (!firstLineOfId.TryAdd(sample.Id, lineNumber))
                throw Error(path, lineNumber, $"duplicate id '{sample.Id}' (first on line {firstLineOfId[sample.Id]})");
            samples.Add(sample);
        }
        return samples;
    }

    /// <summary>Writes all rows to a temporary file beside <paramref name="path"/>, then moves it into place.</summary>
    public static void Write(string path, IEnumerable<BenchmarkSample> samples)
    {
        string temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            foreach (BenchmarkSample sample in samples)
            {
                TaskFamilies.Validate(sample.Family, sample.Task);
                writer.Write(JsonSerializer.Serialize(ManifestRow.From(sample)));
                writer.Write('\n');
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static BenchmarkSample ParseLine(string path, int lineNumber, string line)
    {
        ManifestRow? row;
        try
        {
            row = JsonSerializer.Deserialize<ManifestRow>(line);
        }
        catch (JsonException e)
        {
            throw Error(path, lineNumber, $"malformed JSON: {e.Message}", e);
        }
        if (row is null)
            throw Error(path, lineNumber, "expected a JSON object, found null");

        (string Name, object? Value)[] required =
            [("id", row.Id), ("image", row.Image), ("question", row.Question), ("answer", row.Answer),
             ("family", row.Family), ("task", row.Task), ("regions", row.Regions)];
        foreach (var (name, value) in required)
            if (value is null)
                throw Error(path, lineNumber, $"missing required field '{name}'");

        if (string.IsNullOrWhiteSpace(row.Id))
            throw Error(path, lineNumber, "empty id");
        if (string.IsNullOrWhiteSpace(row.Image))
            throw Error(path, lineNumber, "empty image");
        if (string.IsNullOrWhiteSpace(row.Question))
            throw Error(path, lineNumber, "empty question");
        if (string.IsNullOrEmpty(row.Answer))
            throw Error(path, lineNumber, "empty answer");
        if (!TaskFamilies.IsFamily(row.Family!))
            throw Error(path, lineNumber, $"unknown family '{row.Family}' (expected one of: {string.Join(", ", TaskFamilies.All)})");
        if (!TaskFamilies.TasksOf(row.Family!).Contains(row.Task))
            throw Error(path, lineNumber, $"task '{row.Task}' does not belong to family '{row.Family}' (expected one of: {string.Join(", ", TaskFamilies.TasksOf(row.Family!))})");

        var regions = row.Regions!.Select((r, i) => ParseBox(path, lineNumber, i, r)).ToArray();
        var sample = new BenchmarkSample(row.Id!, row.Image!, row.Question!, row.Answer!, row.Family!, row.Task!, regions);

        // A manifest names images inside its own folder; an absolute path or ".." could read any file on the machine.
        if (Path.IsPathRooted(row.Image))
            throw Error(path, lineNumber, $"image '{row.Image}' is an absolute path; it must be relative to the manifest's folder");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string imagePath;
        try
        {
            imagePath = ImagePath(path, sample);
        }
        catch (ArgumentException e)
        {
            throw Error(path, lineNumber, $"image '{row.Image}' is not a valid path: {e.Message}", e);
        }
        if (!imagePath.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw Error(path, lineNumber, $"image '{row.Image}' resolves to '{imagePath}', outside the manifest's folder '{folder}'");
        if (!File.Exists(imagePath))
            throw Error(path, lineNumber, $"image file '{row.Image}' does not exist (looked for '{imagePath}')");
        return sample;
    }

    private static Box ParseBox(string path, int lineNumber, int regionIndex, int[]? values)
    {
        if (values is not { Length: 4 })
            throw Error(path, lineNumber, $"region {regionIndex} must be [x, y, width, height]");
        var box = new Box(values[0], values[1], values[2], values[3]);
        if (box.X < 0 || box.Y < 0 || box.Width <= 0 || box.Height <= 0)
            throw Error(path, lineNumber, $"region {regionIndex} {box} needs x, y >= 0 and a positive size");
        return box;
    }

    private static InvalidDataException Error(string path, int lineNumber, string problem, Exception? inner = null) =>
        new($"{path} line {lineNumber}: {problem}.", inner);
}

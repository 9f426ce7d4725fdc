using System.Text.Json;

namespace AsymVLM.Training.Common;

/// <summary>Appends one JSON object per line (metrics.jsonl), flushed per line so a crash loses nothing written.</summary>
public sealed class MetricsLog(string path)
{
    public void Write(object row)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.AppendAllText(path, JsonSerializer.Serialize(row) + "\n");
    }
}

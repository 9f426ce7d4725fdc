namespace AsymVLM.Data.Benchmark;

/// <summary>The benchmark's image families and the question tasks each one asks.</summary>
public static class TaskFamilies
{
    public const string Documents = "documents";
    public const string Charts = "charts";
    public const string Scenes = "scenes";
    public const string Reading = "reading";
    public const string Transcription = "transcription";

    public const string DocField = "doc_field";
    public const string ChartValue = "chart_value";
    public const string ChartMax = "chart_max";
    public const string SceneCount = "scene_count";
    public const string SceneColor = "scene_color";
    public const string ReadLine = "read_line";
    public const string Transcribe = "transcribe";

    /// <summary>All families, in the round-robin order the generator uses (family = All[index % All.Count]).</summary>
    public static IReadOnlyList<string> All { get; } = [Documents, Charts, Scenes, Reading, Transcription];

    private static readonly Dictionary<string, string[]> TasksByFamily = new()
    {
        [Documents] = [DocField],
        [Charts] = [ChartValue, ChartMax],
        [Scenes] = [SceneCount, SceneColor],
        [Reading] = [ReadLine],
        [Transcription] = [Transcribe],
    };

    public static bool IsFamily(string family) => TasksByFamily.ContainsKey(family);

    public static IReadOnlyList<string> TasksOf(string family) =>
        TasksByFamily.TryGetValue(family, out var tasks)
            ? tasks
            : throw new ArgumentException($"Unknown family '{family}'; expected one of: {string.Join(", ", All)}.", nameof(family));

    /// <summary>Throws <see cref="ArgumentException"/> naming the value at fault unless family and task belong together.</summary>
    public static void Validate(string family, string task)
    {
        if (!TasksOf(family).Contains(task))
            throw new ArgumentException(
                $"Task '{task}' does not belong to family '{family}'; expected one of: {string.Join(", ", TasksOf(family))}.",
                nameof(task));
    }
}

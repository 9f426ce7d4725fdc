using System.Text.RegularExpressions;

namespace AsymVLM.Data.Benchmark;

/// <summary>
/// The wording of every benchmark question. <see cref="Words"/> is derived from these templates and
/// is the source of truth for the benchmark tokenizer's word tokens.
/// </summary>
public static partial class QuestionTemplates
{
    public static string DocField(string key) => $"what is the value of {key}?";
    public static string ChartValue(char label) => $"what is the value of bar {label}?";
    public const string ChartMax = "which bar is the highest?";
    public static string SceneCount(string color) => $"how many {color} shapes?";
    public static string SceneColor(string shapeKind) => $"what color is the {shapeKind}?";
    public static string ReadLine(int lineNumber) => $"read line {lineNumber}";
    public static string Transcribe(int firstLine, int lastLine) => $"transcribe lines {firstLine} to {lastLine}";

    /// <summary>Every lowercase word a question or answer can contain, in order of first appearance.</summary>
    public static IReadOnlyList<string> Words { get; } = CollectWords();

    private static string[] CollectWords()
    {
        // Answers add no words: colour answers are the colour names the count questions already hold.
        var texts = new List<string> { DocField("KEY"), ChartValue('K'), ChartMax, ReadLine(1), Transcribe(1, 4) };
        texts.AddRange(SceneVocabulary.Colors.Select(c => SceneCount(c.Name)));
        texts.AddRange(SceneVocabulary.ShapeKinds.Select(SceneColor));
        return texts.SelectMany(t => LowercaseWord().Matches(t).Select(m => m.Value)).Distinct().ToArray();
    }

    [GeneratedRegex("[a-z]+")]
    private static partial Regex LowercaseWord();
}

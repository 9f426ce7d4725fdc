namespace AsymVLM.Data.Benchmark;

/// <summary>A named, fixed fill colour of the scene shapes.</summary>
public readonly record struct ShapeColor(string Name, Rgb Rgb);

/// <summary>The shape kinds and colours the scenes family draws and asks about.</summary>
public static class SceneVocabulary
{
    public const string Square = "square";
    public const string Circle = "circle";
    public const string Triangle = "triangle";

    public static IReadOnlyList<string> ShapeKinds { get; } = [Square, Circle, Triangle];

    // Saturated and each with one channel near 0, so none can be mistaken for a light background.
    public static IReadOnlyList<ShapeColor> Colors { get; } =
    [
        new("red", new Rgb(220, 30, 30)),
        new("green", new Rgb(30, 160, 40)),
        new("blue", new Rgb(30, 60, 220)),
        new("yellow", new Rgb(235, 190, 0)),
    ];
}

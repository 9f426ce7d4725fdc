namespace AsymVLM.Data.Benchmark;

/// <summary>
/// The names of the parts a cell can belong to, as <see cref="RenderedSample.CellOwners"/> spells them, and their
/// fixed class index: a form field (by its key), a chart bar (by its label letter) or a text line (by its number
/// from the top). They say which key a value cell answers, which label a bar's value sits above, which line a glyph
/// is on: the bindings a question resolves before it can read the answer.
/// </summary>
public static class CellOwners
{
    /// <summary>The kinds of part, each owner's first word.</summary>
    public const string FieldKind = "field", BarKind = "bar", LineKind = "line";

    public static IReadOnlyList<string> Kinds { get; } = [FieldKind, BarKind, LineKind];

    public static string Field(string key) => $"{FieldKind} {key}";
    public static string Bar(char label) => $"{BarKind} {label}";
    public static string Line(int number) => $"{LineKind} {number}";

    public static string KindOf(string owner) => owner[..owner.IndexOf(' ')];

    /// <summary>Every owner the generators can mark, in class-index order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        .. DocumentFormGenerator.Keys.Select(Field),
        .. Enumerable.Range('A', 26).Select(c => Bar((char)c)),
        .. Enumerable.Range(1, CellGrid.Cells).Select(Line),
    ];

    static readonly Dictionary<string, int> Classes = All.Select((o, i) => (o, i)).ToDictionary(x => x.o, x => x.i);

    /// <summary>The class index of <paramref name="owner"/>, or -1 for a cell that belongs to no part.</summary>
    public static int ClassOf(string? owner) =>
        owner is null ? -1 : Classes.TryGetValue(owner, out int c) ? c : throw new ArgumentException($"Unknown cell owner '{owner}'.", nameof(owner));
}

namespace AsymVLM.Data.Benchmark;

/// <summary>
/// 3..8 coloured shapes, each inside its own 2x2-cell block of an 8x8 grid of blocks. Asks either how
/// many shapes have a colour (regions: the counted shapes, none for zero) or the colour of the one
/// shape of a kind (the generator places exactly one shape of the asked kind).
/// </summary>
internal sealed class ShapeSceneGenerator : IFamilyGenerator
{
    private const int BlockCells = 2;
    private const int BlocksPerSide = CellGrid.Cells / BlockCells;
    private const int BlockPixels = BlockCells * CellGrid.CellSize;

    private sealed record Shape(string Kind, ShapeColor Color, Box Box);

    public string Family => TaskFamilies.Scenes;

    public IReadOnlyList<FamilyQuestion> Draw(Canvas canvas, SampleStyle style, SampleRandom rng)
    {
        int shapeCount = rng.Next(3, 9);
        int[] blocks = rng.Distinct(shapeCount, BlocksPerSide * BlocksPerSide);
        Array.Sort(blocks); // reading order, so counted regions are listed top-left first

        var (asked, shapes) = rng.NextBool() ? AskCount(canvas, blocks, rng) : AskColor(canvas, blocks, rng);
        var others = SceneVocabulary.Colors.Select(c => Count(shapes, c))
            .Concat(SceneVocabulary.ShapeKinds.Where(k => shapes.Count(s => s.Kind == k) == 1).Select(k => ColorOf(shapes.Single(s => s.Kind == k))))
            .Where(q => q.Question != asked.Question);
        return [asked, .. others];
    }

    private static (FamilyQuestion, Shape[]) AskCount(Canvas canvas, int[] blocks, SampleRandom rng)
    {
        Shape[] shapes = blocks.Select(b => Place(canvas, b, rng.Pick(SceneVocabulary.ShapeKinds), rng.Pick(SceneVocabulary.Colors))).ToArray();
        return (Count(shapes, rng.Pick(SceneVocabulary.Colors)), shapes);
    }

    private static FamilyQuestion Count(Shape[] shapes, ShapeColor color)
    {
        Box[] counted = shapes.Where(s => s.Color == color).Select(s => s.Box).ToArray();
        return new FamilyQuestion(TaskFamilies.SceneCount, QuestionTemplates.SceneCount(color.Name), counted.Length.ToString(), counted);
    }

    private static FamilyQuestion ColorOf(Shape shape) =>
        new(TaskFamilies.SceneColor, QuestionTemplates.SceneColor(shape.Kind), shape.Color.Name, [shape.Box]);

    private static (FamilyQuestion, Shape[]) AskColor(Canvas canvas, int[] blocks, SampleRandom rng)
    {
        string askedKind = rng.Pick(SceneVocabulary.ShapeKinds);
        string[] otherKinds = SceneVocabulary.ShapeKinds.Where(k => k != askedKind).ToArray();
        int unique = rng.Next(0, blocks.Length);
        Shape[] shapes = blocks
            .Select((b, i) => Place(canvas, b, i == unique ? askedKind : rng.Pick(otherKinds), rng.Pick(SceneVocabulary.Colors)))
            .ToArray();
        return (ColorOf(shapes[unique]), shapes);
    }

    private static Shape Place(Canvas canvas, int block, string kind, ShapeColor color)
    {
        Box box = CellGrid.CellBox(block % BlocksPerSide * BlockCells, block / BlocksPerSide * BlockCells, BlockCells, BlockCells);
        canvas.FillWhere(box, InsidePredicate(kind), color.Rgb);
        canvas.LabelCells(box, $"{color.Name} {kind}");
        return new Shape(kind, color, box);
    }

    // Pixel-centre tests in block coordinates (0..15); every shape keeps a 2-pixel margin to its block edge.
    private static Func<int, int, bool> InsidePredicate(string kind) => kind switch
    {
        SceneVocabulary.Square => (x, y) => x is >= 2 and <= 13 && y is >= 2 and <= 13,
        SceneVocabulary.Circle => (x, y) => Squared(x + 0.5 - BlockPixels / 2.0) + Squared(y + 0.5 - BlockPixels / 2.0) <= 36,
        SceneVocabulary.Triangle => (x, y) =>
        {
            double down = (y + 0.5 - 2) / 12; // 0 at the apex (y = 2), 1 at the base (y = 14)
            return down is >= 0 and <= 1 && Math.Abs(x + 0.5 - BlockPixels / 2.0) <= 6 * down;
        },
        _ => throw new ArgumentException($"Unknown shape kind '{kind}'.", nameof(kind)),
    };

    private static double Squared(double v) => v * v;
}

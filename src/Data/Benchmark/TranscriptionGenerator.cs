namespace AsymVLM.Data.Benchmark;

/// <summary>
/// The long-answer family: 4..8 full-width lines of 16 random letters and digits on distinct cell rows; asks to
/// transcribe a run of at least four consecutive lines (numbered 1..n from the top), joined by single spaces, so
/// an answer is 67..135 tokens: decoding whose text KV grows far past a text budget while the image stays.
/// </summary>
internal sealed class TranscriptionGenerator : IFamilyGenerator
{
    public const int MinLines = 4;
    private const int MaxLines = 8;

    public string Family => TaskFamilies.Transcription;

    public IReadOnlyList<FamilyQuestion> Draw(Canvas canvas, SampleStyle style, SampleRandom rng)
    {
        int lineCount = rng.Next(MinLines, MaxLines + 1);
        int[] rows = rng.Distinct(lineCount, CellGrid.Cells);
        Array.Sort(rows);
        string[] lines = rows.Select(_ => rng.NextString(CellGrid.Cells, BitmapFont.Alphanumeric)).ToArray();
        Box[] boxes = rows.Select((row, i) => canvas.DrawText(0, row, lines[i], style.Ink)).ToArray();
        for (int i = 0; i < lineCount; i++) canvas.MarkOwner(boxes[i], CellOwners.Line(i + 1));

        int first = rng.Next(0, lineCount - MinLines + 1);
        int last = rng.Next(first + MinLines - 1, lineCount);
        var ranges = from a in Enumerable.Range(0, lineCount)
                     from b in Enumerable.Range(a + MinLines - 1, Math.Max(0, lineCount - a - MinLines + 1))
                     select (a, b);
        return ranges.OrderBy(r => r != (first, last))
            .Select(r => new FamilyQuestion(TaskFamilies.Transcribe, QuestionTemplates.Transcribe(r.a + 1, r.b + 1),
                string.Join(' ', lines[r.a..(r.b + 1)]), boxes[r.a..(r.b + 1)]))
            .ToList();
    }
}

namespace AsymVLM.Data.Benchmark;

/// <summary>
/// 3..5 full-width lines of 16 random letters and digits on distinct cell rows; asks to read one line
/// back, numbered 1..n from the top, so the answer is 16 tokens of text-heavy decoding.
/// </summary>
internal sealed class TextLinesGenerator : IFamilyGenerator
{
    public string Family => TaskFamilies.Reading;

    public IReadOnlyList<FamilyQuestion> Draw(Canvas canvas, SampleStyle style, SampleRandom rng)
    {
        int lineCount = rng.Next(3, 6);
        int[] rows = rng.Distinct(lineCount, CellGrid.Cells);
        Array.Sort(rows);
        string[] lines = rows.Select(_ => rng.NextString(CellGrid.Cells, BitmapFont.Alphanumeric)).ToArray();
        Box[] boxes = rows.Select((row, i) => canvas.DrawText(0, row, lines[i], style.Ink)).ToArray();
        for (int i = 0; i < lineCount; i++) canvas.MarkOwner(boxes[i], CellOwners.Line(i + 1));

        int asked = rng.Next(0, lineCount);
        return Enumerable.Range(0, lineCount).OrderBy(i => i != asked)
            .Select(i => new FamilyQuestion(TaskFamilies.ReadLine, QuestionTemplates.ReadLine(i + 1), lines[i], [boxes[i]]))
            .ToList();
    }
}

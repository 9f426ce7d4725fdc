namespace AsymVLM.Data.Benchmark;

/// <summary>
/// A form of 4..7 "KEY: VALUE" rows on distinct cell rows; asks for one key's value, which occupies
/// only a few cells of the image.
/// </summary>
internal sealed class DocumentFormGenerator : IFamilyGenerator
{
    // Distinct first two letters, so a key is identifiable from its start.
    public static IReadOnlyList<string> Keys { get; } =
        ["NAME", "DATE", "TOTAL", "CITY", "CODE", "PHONE", "ORDER", "ITEM", "PRICE", "TAX", "ZIP", "REF", "ACCT", "DUE", "QTY", "STORE"];

    public string Family => TaskFamilies.Documents;

    public IReadOnlyList<FamilyQuestion> Draw(Canvas canvas, SampleStyle style, SampleRandom rng)
    {
        int fieldCount = rng.Next(4, 8);
        int[] rows = rng.Distinct(fieldCount, CellGrid.Cells);
        Array.Sort(rows);
        int[] keyIndices = rng.Distinct(fieldCount, Keys.Count);
        int keyColumn = rng.Next(0, 3);

        var values = new string[fieldCount];
        var valueBoxes = new Box[fieldCount];
        var keyBoxes = new Box[fieldCount];
        for (int i = 0; i < fieldCount; i++)
        {
            string key = Keys[keyIndices[i]];
            values[i] = rng.NextString(rng.Next(3, 7), BitmapFont.Alphanumeric);
            keyBoxes[i] = canvas.DrawText(keyColumn, rows[i], key + ":", style.Ink);
            // One blank cell after the colon; the widest row is 2 + 5 + 2 + 6 = 15 cells.
            valueBoxes[i] = canvas.DrawText(keyColumn + key.Length + 2, rows[i], values[i], style.Ink);
            canvas.MarkOwner(keyBoxes[i], CellOwners.Field(key));
            canvas.MarkOwner(valueBoxes[i], CellOwners.Field(key));
        }

        int asked = rng.Next(0, fieldCount);
        return Enumerable.Range(0, fieldCount).OrderBy(i => i != asked)
            .Select(i => new FamilyQuestion(TaskFamilies.DocField, QuestionTemplates.DocField(Keys[keyIndices[i]]), values[i], [valueBoxes[i]]) { Evidence = [keyBoxes[i]] })
            .ToList();
    }
}

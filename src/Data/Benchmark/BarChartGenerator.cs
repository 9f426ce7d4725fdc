namespace AsymVLM.Data.Benchmark;

/// <summary>
/// A bar chart of 3..6 one-cell-wide bars with one blank cell between them. Each bar stands on row 14,
/// is <c>value</c> cells tall (1..12), has its letter label on row 15 and its value printed on the
/// cell row just above its top; a two-digit value extends right into the blank gap cell.
/// </summary>
internal sealed class BarChartGenerator : IFamilyGenerator
{
    private const int LabelRow = CellGrid.Cells - 1;
    private const int MaxValue = 12;
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static readonly Rgb[] Fills =
    [
        new(214, 39, 40), new(31, 119, 180), new(44, 160, 44), new(255, 127, 14),
        new(148, 103, 189), new(140, 86, 75), new(227, 119, 194), new(23, 170, 190),
    ];

    public string Family => TaskFamilies.Charts;

    public IReadOnlyList<FamilyQuestion> Draw(Canvas canvas, SampleStyle style, SampleRandom rng)
    {
        int barCount = rng.Next(3, 7);
        // Every bar, the last included, keeps its gap cell on the right for a two-digit value.
        int firstColumn = rng.Next(0, CellGrid.Cells - 2 * barCount + 1);
        int[] fills = rng.Distinct(barCount, Fills.Length);
        char[] labels = rng.Distinct(barCount, Letters.Length).Select(i => Letters[i]).ToArray();
        int[] values = DrawValuesWithUniqueMax(barCount, rng);

        var valueBoxes = new Box[barCount];
        var barBoxes = new Box[barCount];
        var labelBoxes = new Box[barCount];
        for (int i = 0; i < barCount; i++)
        {
            int column = firstColumn + 2 * i;
            int topRow = LabelRow - values[i];
            Box bar = CellGrid.CellBox(column, topRow, 1, values[i]);
            canvas.FillRect(bar, Fills[fills[i]]);
            canvas.LabelCells(bar, "bar");
            labelBoxes[i] = canvas.DrawText(column, LabelRow, labels[i].ToString(), style.Ink);
            valueBoxes[i] = canvas.DrawText(column, topRow - 1, values[i].ToString(), style.Ink);
            barBoxes[i] = CellGrid.CellBox(column, topRow, 1, values[i] + 1); // the bar and its label
            foreach (var part in new[] { barBoxes[i], valueBoxes[i] }) canvas.MarkOwner(part, CellOwners.Bar(labels[i]));
        }

        int highest = Array.IndexOf(values, values.Max());
        var max = new FamilyQuestion(TaskFamilies.ChartMax, QuestionTemplates.ChartMax, labels[highest].ToString(), [barBoxes[highest]]);
        var valueQuestions = Enumerable.Range(0, barCount)
            .Select(i => new FamilyQuestion(TaskFamilies.ChartValue, QuestionTemplates.ChartValue(labels[i]), values[i].ToString(), [valueBoxes[i]]) { Evidence = [labelBoxes[i], barBoxes[i]] })
            .ToList();
        if (!rng.NextBool()) return [max, .. valueQuestions];
        int asked = rng.Next(0, barCount);
        return [valueQuestions[asked], .. valueQuestions.Where((_, i) => i != asked), max];
    }

    // Redraws until one bar is strictly the highest, so "which bar is the highest?" has one answer.
    private static int[] DrawValuesWithUniqueMax(int barCount, SampleRandom rng)
    {
        while (true)
        {
            int[] values = Enumerable.Range(0, barCount).Select(_ => rng.Next(1, MaxValue + 1)).ToArray();
            int max = values.Max();
            if (values.Count(v => v == max) == 1)
                return values;
        }
    }
}

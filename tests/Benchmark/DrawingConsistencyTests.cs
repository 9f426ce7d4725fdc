using AsymVLM.Data.Benchmark;

namespace AsymVLM.Tests.Benchmark;

/// <summary>Checks each family's answer and regions against the pixels actually drawn.</summary>
public class DrawingConsistencyTests
{
    private static readonly RenderedSample[] Samples = Enumerable.Range(0, 240).Select(i => SyntheticBenchmark.Render(21, i)).ToArray();

    private static IEnumerable<RenderedSample> OfTask(string task)
    {
        var matching = Samples.Where(s => s.Sample.Task == task).ToArray();
        Assert.That(matching, Has.Length.GreaterThan(10), $"too few {task} samples to check");
        return matching;
    }

    [TestCase(TaskFamilies.DocField)]
    [TestCase(TaskFamilies.ChartValue)]
    [TestCase(TaskFamilies.ReadLine)]
    public void TextAnswerIsWrittenInItsRegion(string task)
    {
        foreach (RenderedSample s in OfTask(task))
            Assert.That(GlyphReader.ReadBox(s, s.Sample.Regions.Single()), Is.EqualTo(s.Sample.Answer), s.Sample.Id);
    }

    [TestCase(TaskFamilies.DocField)]
    [TestCase(TaskFamilies.ChartValue)]
    [TestCase(TaskFamilies.ReadLine)]
    public void EveryTextQuestionOfAnImageIsAnsweredInItsRegion(string task)
    {
        var questions = Samples.SelectMany(s => s.Questions.Where(q => q.Task == task).Select(q => (s, q))).ToList();
        Assert.That(questions, Has.Count.GreaterThan(3 * OfTask(task).Count()));
        foreach (var (s, q) in questions)
            Assert.That(GlyphReader.ReadBox(s, q.Regions.Single()), Is.EqualTo(q.Answer), $"{s.Sample.Id}: {q.Question}");
    }

    [Test]
    public void TheSampleQuestionComesFirstAndNoQuestionRepeats()
    {
        foreach (RenderedSample s in Samples)
        {
            Assert.That(s.Questions[0].Question, Is.EqualTo(s.Sample.Question), s.Sample.Id);
            Assert.That(s.Questions[0].Answer, Is.EqualTo(s.Sample.Answer), s.Sample.Id);
            Assert.That(s.Questions.Select(q => q.Question), Is.Unique, s.Sample.Id);
        }
    }

    [Test]
    public void DocumentValueFollowsTheAskedKey()
    {
        foreach (RenderedSample s in OfTask(TaskFamilies.DocField))
        {
            string key = s.Sample.Question["what is the value of ".Length..^1];
            Box value = s.Sample.Regions.Single();
            string row = GlyphReader.ReadRow(s, value.Y / CellGrid.CellSize).Trim();
            Assert.That(row, Is.EqualTo($"{key}: {s.Sample.Answer}"), s.Sample.Id);
        }
    }

    [Test]
    public void TranscriptionIsTheNumberedRunOfLinesJoinedBySpaces()
    {
        foreach (RenderedSample s in OfTask(TaskFamilies.Transcribe))
            foreach (var q in s.Questions)
            {
                var numbers = q.Question["transcribe lines ".Length..].Split(" to ").Select(int.Parse).ToArray();
                int[] textRows = Enumerable.Range(0, CellGrid.Cells).Where(r => GlyphReader.ReadRow(s, r).Trim().Length > 0).ToArray();
                var lines = textRows[(numbers[0] - 1)..numbers[1]];
                Assert.That(lines, Has.Length.AtLeast(4), q.Question);
                Assert.That(q.Regions, Is.EqualTo(lines.Select(r => CellGrid.CellBox(0, r, CellGrid.Cells))), $"{s.Sample.Id}: {q.Question}");
                Assert.That(q.Answer, Is.EqualTo(string.Join(' ', lines.Select(r => GlyphReader.ReadRow(s, r)))), $"{s.Sample.Id}: {q.Question}");
                Assert.That(q.Answer.Length, Is.InRange(67, 135));
            }
    }

    [Test]
    public void EvidenceIsTheKeyOfAFieldAndTheLabelOfABar()
    {
        foreach (var (s, q) in Samples.SelectMany(s => s.Questions.Where(q => q.Task == TaskFamilies.DocField).Select(q => (s, q))))
            Assert.That(GlyphReader.ReadBox(s, q.Evidence.Single()), Is.EqualTo(q.Question["what is the value of ".Length..^1] + ":"));
        foreach (var (s, q) in Samples.SelectMany(s => s.Questions.Where(q => q.Task == TaskFamilies.ChartValue).Select(q => (s, q))))
            Assert.That(GlyphReader.ReadBox(s, q.Evidence[0]), Is.EqualTo(q.Question[^2].ToString()));
    }

    [Test]
    public void ReadLineRegionIsTheNumberedTextRow()
    {
        foreach (RenderedSample s in OfTask(TaskFamilies.ReadLine))
        {
            int lineNumber = int.Parse(s.Sample.Question["read line ".Length..]);
            int[] textRows = Enumerable.Range(0, CellGrid.Cells).Where(r => GlyphReader.ReadRow(s, r).Trim().Length > 0).ToArray();
            Assert.That(s.Sample.Regions.Single(), Is.EqualTo(CellGrid.CellBox(0, textRows[lineNumber - 1], CellGrid.Cells)), s.Sample.Id);
        }
    }

    [Test]
    public void ChartValueIsPrintedAboveTheAskedBar()
    {
        foreach (RenderedSample s in OfTask(TaskFamilies.ChartValue))
        {
            char asked = s.Sample.Question[^2];
            Box value = s.Sample.Regions.Single();
            int column = value.X / CellGrid.CellSize;
            Assert.That(GlyphReader.ReadCell(s, column, CellGrid.Cells - 1), Is.EqualTo(asked), s.Sample.Id);
            Assert.That(BarHeightInCells(s, column), Is.EqualTo(int.Parse(s.Sample.Answer)), s.Sample.Id);
        }
    }

    [Test]
    public void ChartMaxAnswerLabelsTheTallestBar()
    {
        foreach (RenderedSample s in OfTask(TaskFamilies.ChartMax))
        {
            int[] heights = Enumerable.Range(0, CellGrid.Cells).Select(c => BarHeightInCells(s, c)).ToArray();
            int tallest = Array.IndexOf(heights, heights.Max());
            Box region = s.Sample.Regions.Single();
            Assert.That(region.X / CellGrid.CellSize, Is.EqualTo(tallest), s.Sample.Id);
            Assert.That(region.Height, Is.EqualTo((heights.Max() + 1) * CellGrid.CellSize), s.Sample.Id);
            Assert.That(GlyphReader.ReadCell(s, tallest, CellGrid.Cells - 1).ToString(), Is.EqualTo(s.Sample.Answer), s.Sample.Id);
        }
    }

    [Test]
    public void SceneCountMatchesTheBlocksHoldingThatColour()
    {
        foreach (RenderedSample s in OfTask(TaskFamilies.SceneCount))
        {
            string colorName = s.Sample.Question.Split(' ')[2];
            Rgb color = SceneVocabulary.Colors.Single(c => c.Name == colorName).Rgb;
            Box[] holding = ShapeBlocks().Where(b => PixelsOf(s, b, p => p == color) > 0).ToArray();
            Assert.That(s.Sample.Answer, Is.EqualTo(holding.Length.ToString()), s.Sample.Id);
            Assert.That(s.Sample.Regions, Is.EqualTo(holding), s.Sample.Id);
        }
    }

    [Test]
    public void SceneColorRegionHoldsTheOnlyShapeOfItsKind()
    {
        foreach (RenderedSample s in OfTask(TaskFamilies.SceneColor))
        {
            Box region = s.Sample.Regions.Single();
            Rgb answer = SceneVocabulary.Colors.Single(c => c.Name == s.Sample.Answer).Rgb;
            int area = PixelsOf(s, region, p => p == answer);
            Assert.That(area, Is.GreaterThan(50), s.Sample.Id);
            // Square, circle and triangle cover different pixel counts, so equal area means equal kind.
            Rgb background = PixelAt(s, 0, 0);
            var areas = ShapeBlocks().Select(b => PixelsOf(s, b, p => p != background)).ToArray();
            Assert.That(areas.Count(a => a == area), Is.EqualTo(1), s.Sample.Id);
        }
    }

    [Test]
    public void CellLabelsNameWhatEachCellShows()
    {
        foreach (RenderedSample s in Samples)
            for (int row = 0; row < CellGrid.Cells; row++)
                for (int column = 0; column < CellGrid.Cells; column++)
                {
                    string? label = s.CellLabels[row * CellGrid.Cells + column];
                    char glyph = GlyphReader.ReadCell(s, column, row);
                    string where = $"{s.Sample.Id} cell ({column}, {row})";
                    if (s.Sample.Family is TaskFamilies.Documents or TaskFamilies.Reading || glyph is not (GlyphReader.Blank or GlyphReader.Unreadable))
                        Assert.That(label ?? " ", Is.EqualTo(glyph.ToString()).Or.EqualTo("bar"), where);
                    else if (s.Sample.Family == TaskFamilies.Scenes && label is not null)
                    {
                        var (color, kind) = (label.Split(' ')[0], label.Split(' ')[1]);
                        Assert.That(SceneVocabulary.ShapeKinds, Does.Contain(kind), where);
                        Box block = CellGrid.CellBox(column / 2 * 2, row / 2 * 2, 2, 2);
                        Assert.That(PixelsOf(s, block, p => p == SceneVocabulary.Colors.Single(c => c.Name == color).Rgb), Is.GreaterThan(50), where);
                    }
                }
        foreach (RenderedSample s in OfTask(TaskFamilies.ChartValue))
        {
            int column = s.Sample.Regions.Single().X / CellGrid.CellSize;
            int height = BarHeightInCells(s, column);
            for (int row = CellGrid.Cells - 1 - height; row < CellGrid.Cells - 1; row++)
                Assert.That(s.CellLabels[row * CellGrid.Cells + column], Is.EqualTo("bar"), s.Sample.Id);
        }
    }

    [Test]
    public void CellOwnersBindEveryAnswerToWhatItsQuestionNames()
    {
        string[] keys = [.. DocumentFormGenerator.Keys];
        foreach (RenderedSample s in Samples)
        {
            foreach (var q in s.Questions)
            {
                string[] owners = q.Task switch
                {
                    TaskFamilies.DocField => [CellOwners.Field(keys.Single(k => q.Question == QuestionTemplates.DocField(k)))],
                    TaskFamilies.ChartValue => [CellOwners.Bar(q.Question[^2])],
                    TaskFamilies.ReadLine => [CellOwners.Line(int.Parse(q.Question.Split(' ')[^1]))],
                    TaskFamilies.Transcribe => Enumerable.Range(int.Parse(q.Question.Split(' ')[2]), q.Regions.Count).Select(CellOwners.Line).ToArray(),
                    _ => [],
                };
                if (owners.Length == 0) continue;
                for (int r = 0; r < q.Regions.Count; r++)
                    foreach (int cell in CellGrid.CellIndices(q.Regions[r]))
                        Assert.That(s.CellOwners[cell], Is.EqualTo(owners[r]), $"{s.Sample.Id} {q.Question} cell {cell}");
                // The part's other half: the key a value is read by, the label a bar's value sits above.
                foreach (int cell in q.Evidence.SelectMany(CellGrid.CellIndices))
                    Assert.That(s.CellOwners[cell], Is.EqualTo(owners[0]), $"{s.Sample.Id} {q.Question} evidence cell {cell}");
            }
            if (s.Sample.Family == TaskFamilies.Scenes)
                Assert.That(s.CellOwners, Has.All.Null, s.Sample.Id);
            Assert.That(s.CellOwners.Where(o => o is not null).Select(CellOwners.ClassOf), Has.All.GreaterThanOrEqualTo(0), s.Sample.Id);
        }
    }

    // A bar cell is filled edge to edge with one non-background colour; text cells never are.
    private static int BarHeightInCells(RenderedSample s, int column)
    {
        Rgb background = PixelAt(s, 0, 0);
        int height = 0;
        for (int row = CellGrid.Cells - 2; row >= 0; row--)
        {
            Box cell = CellGrid.CellBox(column, row);
            Rgb fill = PixelAt(s, cell.X, cell.Y);
            if (fill == background || PixelsOf(s, cell, p => p == fill) != 64)
                break;
            height++;
        }
        return height;
    }

    private static IEnumerable<Box> ShapeBlocks() =>
        from row in Enumerable.Range(0, 8) from column in Enumerable.Range(0, 8)
        select CellGrid.CellBox(column * 2, row * 2, 2, 2);

    private static int PixelsOf(RenderedSample s, Box box, Func<Rgb, bool> predicate) =>
        (from y in Enumerable.Range(box.Y, box.Height) from x in Enumerable.Range(box.X, box.Width)
         where predicate(PixelAt(s, x, y)) select 1).Count();

    private static Rgb PixelAt(RenderedSample s, int x, int y)
    {
        int at = (y * s.Width + x) * 3;
        return new Rgb(s.Rgb[at], s.Rgb[at + 1], s.Rgb[at + 2]);
    }
}

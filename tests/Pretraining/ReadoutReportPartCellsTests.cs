using AsymVLM.Data.Benchmark;
using AsymVLM.Training.Pretraining;

namespace AsymVLM.Tests.Pretraining;

/// <summary>The readout report's "find" rows: which cells are the part a question names, and which its rivals.</summary>
public class ReadoutReportPartCellsTests
{
    static RenderedSample First(string task) =>
        Enumerable.Range(0, 200).Select(i => SyntheticBenchmark.Render(7, i)).First(s => s.Sample.Task == task);

    [Test]
    public void AChartValueQuestionsPartIsTheNamedBarWithItsValueAndLabel()
    {
        var sample = First(TaskFamilies.ChartValue);
        char letter = sample.Sample.Question.TrimEnd('?')[^1];
        var (own, others) = ReadoutReport.PartCells(sample)!.Value;

        Assert.That(own.Select(c => sample.CellOwners[(int)c]), Is.All.EqualTo(CellOwners.Bar(letter)));
        Assert.That(own, Is.SupersetOf(sample.Sample.Regions.SelectMany(CellGrid.CellIndices).Select(c => (long)c)), "the value cell");
        Assert.That(own.Select(c => sample.CellLabels[(int)c]), Does.Contain(letter.ToString()), "the label cell");
        Assert.That(others, Is.Not.Empty);
        Assert.That(others.Select(c => sample.CellOwners[(int)c]),
            Is.All.StartsWith(CellOwners.BarKind + " ").And.None.EqualTo(CellOwners.Bar(letter)));
    }

    [Test]
    public void ADocumentQuestionsRivalsAreTheOtherFields()
    {
        var sample = First(TaskFamilies.DocField);
        var (own, others) = ReadoutReport.PartCells(sample)!.Value;
        var ownOwner = sample.CellOwners[(int)own[0]]!;

        Assert.That(CellOwners.KindOf(ownOwner), Is.EqualTo(CellOwners.FieldKind));
        Assert.That(own.Select(c => sample.CellOwners[(int)c]), Is.All.EqualTo(ownOwner));
        Assert.That(others.Select(c => sample.CellOwners[(int)c]), Is.All.StartsWith(CellOwners.FieldKind + " ").And.None.EqualTo(ownOwner));
        Assert.That(others, Is.Not.Empty);
    }

    [Test]
    public void AnAnswerThatBelongsToNoPartHasNone() =>
        Assert.That(ReadoutReport.PartCells(First(TaskFamilies.SceneColor)), Is.Null);
}

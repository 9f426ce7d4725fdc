using AsymVLM.Data.Datasets;
using AsymVLM.Tests.RealWorld.Fixtures;
using Parquet;
using Parquet.Serialization;
using static AsymVLM.Tests.RealWorld.Datasets.ParquetFixtureRows;

namespace AsymVLM.Tests.RealWorld.Datasets;

public class ParquetVqaReaderTests
{
    private static async Task<List<EvalItem>> ReadAll(string path, string task, ParquetColumnMapping? mapping = null)
    {
        var items = new List<EvalItem>();
        await foreach (EvalItem item in ParquetVqaReader.ReadAsync(path, task, mapping))
            items.Add(item);
        return items;
    }

    [Test]
    public async Task ReadsTextVqaLayoutAcrossRowGroups()
    {
        using var dir = new TempDirectory();
        TextVqaRow[] rows =
        [
            new() { QuestionId = 34602, Question = "what is the brand?", Image = new() { Bytes = Png(10), Path = "a.jpg" }, Answers = ["nokia", "nokia", "toshiba"] },
            new() { QuestionId = 34603, Question = "what year?", Image = new() { Bytes = Png(20), Path = "b.jpg" }, Answers = ["1999"] },
            new() { QuestionId = 34604, Question = "who?", Image = new() { Bytes = Png(30), Path = "c.jpg" }, Answers = [] },
        ];
        await ParquetSerializer.SerializeAsync(rows, dir.File("textvqa.parquet"), new ParquetOptions { RowGroupSize = 2 });

        List<EvalItem> items = await ReadAll(dir.File("textvqa.parquet"), "textvqa");

        Assert.That(items.Select(i => i.Id), Is.EqualTo(new[] { "34602", "34603", "34604" }));
        Assert.That(items[0].Question, Is.EqualTo("what is the brand?"));
        Assert.That(items[0].Answers, Is.EqualTo(new[] { "nokia", "nokia", "toshiba" }));
        Assert.That(items[2].Answers, Is.Empty);
        Assert.That(items.Select(i => i.Image.Decode()[0, 0, 0]), Is.EqualTo(new byte[] { 10, 20, 30 }));
        Assert.That(items[1].Image.Description, Does.Contain("row 1"));
        Assert.That(items.All(i => i.Task == "textvqa"));
    }

    [Test]
    public async Task ReadsChartQaQueryLabelWithBinaryImageAndRowIds()
    {
        using var dir = new TempDirectory();
        ChartQaRow[] rows = [new() { Query = "How many bars?", Label = ["4"], Image = Png(99) }];
        await ParquetSerializer.SerializeAsync(rows, dir.File("chartqa.parquet"));

        EvalItem item = (await ReadAll(dir.File("chartqa.parquet"), "chartqa")).Single();

        Assert.That((item.Id, item.Question), Is.EqualTo(("chartqa.parquet:0", "How many bars?")));
        Assert.That(item.Answers, Is.EqualTo(new[] { "4" }));
        Assert.That(item.Image.Decode()[0, 0, 0], Is.EqualTo(99));
    }

    [Test]
    public async Task SingleAnswerStringAndCustomMapping()
    {
        using var dir = new TempDirectory();
        SingleAnswerRow[] rows = [new() { Question = "Value in 2010?", Answer = "42%", Image = new() { Bytes = Png(1) } }];
        await ParquetSerializer.SerializeAsync(rows, dir.File("a.parquet"));
        Assert.That((await ReadAll(dir.File("a.parquet"), "chartqa")).Single().Answers, Is.EqualTo(new[] { "42%" }));

        NoQuestionRow[] custom = [new() { Prompt = "Q?", Answers = ["A"], Image = Png(2) }];
        await ParquetSerializer.SerializeAsync(custom, dir.File("b.parquet"));
        var mapping = new ParquetColumnMapping { Question = ["prompt"] };
        Assert.That((await ReadAll(dir.File("b.parquet"), "custom", mapping)).Single().Question, Is.EqualTo("Q?"));
    }

    [Test]
    public async Task ImageStructWithOnlyAPathResolvesNextToTheFile()
    {
        using var dir = new TempDirectory();
        TextVqaRow[] rows = [new() { QuestionId = 1, Question = "q", Image = new() { Path = "images/x.png" }, Answers = ["a"] }];
        await ParquetSerializer.SerializeAsync(rows, dir.File("p.parquet"));

        EvalItem item = (await ReadAll(dir.File("p.parquet"), "textvqa")).Single();

        Assert.That(item.Image, Is.EqualTo(new ImageFile(Path.Combine(dir.Path, "images/x.png"))));
    }

    [Test]
    public void MissingColumnNamesFileAndCandidates()
    {
        using var dir = new TempDirectory();
        NoQuestionRow[] rows = [new() { Prompt = "Q?", Answers = ["A"], Image = Png(2) }];
        ParquetSerializer.SerializeAsync(rows, dir.File("b.parquet")).GetAwaiter().GetResult();

        var e = Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(dir.File("b.parquet"), "x"));
        Assert.That(e!.Message, Does.Contain(dir.File("b.parquet")).And.Contain("\"question\"").And.Contain("\"prompt\""));
    }

    [Test]
    public void MalformedFileIsNamed()
    {
        using var dir = new TempDirectory();
        dir.Write("bad.parquet", "PAR1 this is not really parquet PAR1");
        var e = Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(dir.File("bad.parquet"), "x"));
        Assert.That(e!.Message, Does.Contain(dir.File("bad.parquet")));
    }
}

using AsymVLM.Data.Benchmark;
using StbImageSharp;

namespace AsymVLM.Tests.Benchmark;

public class ManifestTests
{
    private string _dir = "";

    [SetUp]
    public void CreateTempDir() => _dir = Directory.CreateTempSubdirectory("asymvlm-manifest-").FullName;

    [TearDown]
    public void DeleteTempDir() => Directory.Delete(_dir, recursive: true);

    private sealed class Collect : IProgress<int>
    {
        public List<int> Reports { get; } = [];
        public void Report(int value) => Reports.Add(value);
    }

    [Test]
    public void WrittenDatasetReadsBackEqual()
    {
        var progress = new Collect();
        var written = SyntheticBenchmark.WriteDataset(_dir, datasetSeed: 4, count: 8, progress);
        string manifestPath = Path.Combine(_dir, SyntheticBenchmark.ManifestFileName);

        var read = Manifest.Read(manifestPath);

        Assert.That(read, Is.EqualTo(written));
        Assert.That(read, Is.EqualTo(Enumerable.Range(0, 8).Select(i => SyntheticBenchmark.Render(4, i).Sample)));
        Assert.That(progress.Reports, Is.EqualTo(Enumerable.Range(1, 8)));
        Assert.That(Directory.GetFiles(_dir, "*.tmp"), Is.Empty);
    }

    [Test]
    public void PngHoldsTheRenderedPixelsExactly()
    {
        SyntheticBenchmark.WriteDataset(_dir, datasetSeed: 4, count: 4);
        string manifestPath = Path.Combine(_dir, SyntheticBenchmark.ManifestFileName);
        foreach (BenchmarkSample sample in Manifest.Read(manifestPath))
        {
            ImageResult png = ImageResult.FromMemory(File.ReadAllBytes(Manifest.ImagePath(manifestPath, sample)), ColorComponents.RedGreenBlue);
            RenderedSample rendered = SyntheticBenchmark.Render(4, int.Parse(sample.Id[^6..]));
            Assert.That((png.Width, png.Height), Is.EqualTo((rendered.Width, rendered.Height)));
            Assert.That(png.Data, Is.EqualTo(rendered.Rgb), sample.Id);
        }
    }

    [Test]
    public void WriteReplacesAnExistingManifest()
    {
        var samples = SyntheticBenchmark.WriteDataset(_dir, datasetSeed: 2, count: 4);
        string manifestPath = Path.Combine(_dir, SyntheticBenchmark.ManifestFileName);
        Manifest.Write(manifestPath, samples.Take(2));
        Assert.That(Manifest.Read(manifestPath), Is.EqualTo(samples.Take(2)));
    }

    private const string Valid = """{"id":"a","image":"images/a.png","question":"read line 1","answer":"ABC","family":"reading","task":"read_line","regions":[[0,8,128,8]]}""";

    private static IEnumerable<TestCaseData> BadLines()
    {
        yield return new TestCaseData("""{"id":"b","image":"images/a.png",""", "malformed JSON").SetName("MalformedJson");
        yield return new TestCaseData("""{"id":"b","image":"images/a.png","question":"read line 1","family":"reading","task":"read_line","regions":[]}""", "missing required field 'answer'").SetName("MissingField");
        yield return new TestCaseData("""{"id":"b","image":"images/a.png","question":"  ","answer":"X","family":"reading","task":"read_line","regions":[]}""", "empty question").SetName("EmptyQuestion");
        yield return new TestCaseData("""{"id":"b","image":"images/a.png","question":"q","answer":"X","family":"comics","task":"read_line","regions":[]}""", "unknown family 'comics'").SetName("UnknownFamily");
        yield return new TestCaseData("""{"id":"b","image":"images/b.png","question":"q","answer":"X","family":"reading","task":"read_line","regions":[]}""", "image file 'images/b.png' does not exist").SetName("MissingImage");
        yield return new TestCaseData("""{"id":"b","image":"/etc/passwd","question":"q","answer":"X","family":"reading","task":"read_line","regions":[]}""", "image '/etc/passwd' is an absolute path").SetName("AbsoluteImagePath");
        yield return new TestCaseData("""{"id":"b","image":"../a.png","question":"q","answer":"X","family":"reading","task":"read_line","regions":[]}""", "image '../a.png' resolves to").SetName("ImagePathClimbsOut");
        yield return new TestCaseData("""{"id":"b","image":"images/../../a.png","question":"q","answer":"X","family":"reading","task":"read_line","regions":[]}""", "outside the manifest's folder").SetName("ImagePathClimbsOutMidway");
        yield return new TestCaseData("""{"id":"b","image":" ","question":"q","answer":"X","family":"reading","task":"read_line","regions":[]}""", "empty image").SetName("EmptyImagePath");
        yield return new TestCaseData("""{"id":"b","image":"images/a.png","question":"q","answer":"X","family":"reading","task":"read_line","regions":[[0,0,8]]}""", "region 0 must be [x, y, width, height]").SetName("ShortRegion");
        yield return new TestCaseData("""{"id":"b","image":"images/a.png","question":"q","answer":"X","family":"reading","task":"chart_max","regions":[]}""", "task 'chart_max' does not belong to family 'reading'").SetName("TaskOfAnotherFamily");
        yield return new TestCaseData(Valid, "duplicate id 'a' (first on line 1)").SetName("DuplicateId");
    }

    [TestCaseSource(nameof(BadLines))]
    public void BadRowIsReportedWithFileAndLine(string badLine, string problem)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "images"));
        File.WriteAllBytes(Path.Combine(_dir, "images", "a.png"), [0]);
        string manifestPath = Path.Combine(_dir, "manifest.jsonl");
        File.WriteAllText(manifestPath, Valid + "\n\n" + badLine + "\n");

        var error = Assert.Throws<InvalidDataException>(() => Manifest.Read(manifestPath))!;

        Assert.That(error.Message, Does.Contain("manifest.jsonl line 3:"));
        Assert.That(error.Message, Does.Contain(problem));
    }
}

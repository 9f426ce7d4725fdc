using StbImageWriteSharp;

namespace AsymVLM.Data.Benchmark;

/// <summary>
/// The procedurally generated VQA benchmark. Sample <c>index</c> of dataset <c>datasetSeed</c> is a pure
/// function of the two: its family is <see cref="TaskFamilies.All"/>[index % 5] (so any split is
/// balanced) and every random choice comes from <see cref="SampleRandom.ForSample"/>.
/// </summary>
public static class SyntheticBenchmark
{
    public const string ManifestFileName = "manifest.jsonl";
    public const string ImagesFolder = "images";

    // Same order as TaskFamilies.All.
    private static readonly IFamilyGenerator[] Generators =
        [new DocumentFormGenerator(), new BarChartGenerator(), new ShapeSceneGenerator(), new TextLinesGenerator(), new TranscriptionGenerator()];

    public static string SampleId(int datasetSeed, int index) => $"s{datasetSeed}_{index:D6}";

    /// <summary>The dataset seed and index of a <see cref="SampleId"/>; false for any other id.</summary>
    public static bool TryParseSampleId(string id, out int datasetSeed, out int index)
    {
        (datasetSeed, index) = (0, 0);
        var parts = id.StartsWith('s') ? id[1..].Split('_') : [];
        return parts.Length == 2 && int.TryParse(parts[0], out datasetSeed) && int.TryParse(parts[1], out index) && index >= 0
            && SampleId(datasetSeed, index) == id;
    }

    public static RenderedSample Render(int datasetSeed, int index)
    {
        SampleRandom rng = SampleRandom.ForSample(datasetSeed, index);
        IFamilyGenerator generator = Generators[index % Generators.Length];
        SampleStyle style = SampleStyle.Draw(rng);

        var canvas = new Canvas(CellGrid.ImageSize, CellGrid.ImageSize);
        canvas.FillRect(new Box(0, 0, canvas.Width, canvas.Height), style.Background);
        IReadOnlyList<FamilyQuestion> questions = generator.Draw(canvas, style, rng);
        FamilyQuestion question = questions[0];

        string id = SampleId(datasetSeed, index);
        var sample = new BenchmarkSample(id, $"{ImagesFolder}/{id}.png", question.Question, question.Answer,
            generator.Family, question.Task, question.Regions);
        return new RenderedSample(sample, canvas.Rgb, canvas.Width, canvas.Height, canvas.CellLabels, canvas.CellOwners, questions);
    }

    /// <summary>
    /// Writes samples 0..count-1 as <c>images/&lt;id&gt;.png</c> plus <c>manifest.jsonl</c> under
    /// <paramref name="outDir"/>; reports the number of samples written so far. Returns the manifest rows.
    /// </summary>
    public static IReadOnlyList<BenchmarkSample> WriteDataset(string outDir, int datasetSeed, int count, IProgress<int>? progress = null)
    {
        if (count < 0 || count > SampleRandom.MaxSamplesPerSeed)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A dataset holds 0..{SampleRandom.MaxSamplesPerSeed} samples.");

        Directory.CreateDirectory(Path.Combine(outDir, ImagesFolder));
        var writer = new ImageWriter();
        var samples = new List<BenchmarkSample>(count);
        for (int index = 0; index < count; index++)
        {
            RenderedSample rendered = Render(datasetSeed, index);
            using (FileStream png = File.Create(Path.Combine(outDir, rendered.Sample.Image)))
                writer.WritePng(rendered.Rgb, rendered.Width, rendered.Height, ColorComponents.RedGreenBlue, png);
            samples.Add(rendered.Sample);
            progress?.Report(index + 1);
        }

        Manifest.Write(Path.Combine(outDir, ManifestFileName), samples);
        return samples;
    }
}

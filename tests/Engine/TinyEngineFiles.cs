using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Scoring;
using AsymVLM.Tests.Pipeline;
using StbImageWriteSharp;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Engine;

/// <summary>What the engine tests load: a tiny random model directory, an importance head distilled (in name) from it,
/// one from another model, and a PNG image.</summary>
public sealed class TinyEngineFiles : IDisposable
{
    public static readonly ImportanceHeadConfig Head = new() { InputSize = 48, Width = 8, GridHeight = 4, GridWidth = 4, RowKernel = 3 };

    readonly TinyModelDirectory model = new(seed: 5);

    public TinyEngineFiles()
    {
        manual_seed(6);
        using var head = new ImportanceHead(Head);
        ScorerCheckpoint.Save(ScorerDir, head, new ScorerMetadata(Head, "tiny", ModelFingerprint.Compute(ModelDir), new(), new()));
        ScorerCheckpoint.Save(ForeignScorerDir, head, new ScorerMetadata(Head, "another-model", new string('f', 64), new(), new()));
        PngBytes = Png(seed: 7);
        File.WriteAllBytes(ImagePath, PngBytes);
    }

    public string ModelDir => model.Path;
    public string ScorerDir => model.File("scorer");
    public string ForeignScorerDir => model.File("foreign-scorer");
    public string ImagePath => model.File("image.png");
    public byte[] PngBytes { get; }

    /// <summary>A 40 x 36 PNG of random pixels (not square, so preprocessing resizes and crops it).</summary>
    public static byte[] Png(int seed)
    {
        var rgb = new byte[40 * 36 * 3];
        new Random(seed).NextBytes(rgb);
        using var stream = new MemoryStream();
        new ImageWriter().WritePng(rgb, 40, 36, ColorComponents.RedGreenBlue, stream);
        return stream.ToArray();
    }

    public void Dispose() => model.Dispose();
}

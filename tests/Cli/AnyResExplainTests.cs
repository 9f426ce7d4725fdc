using AsymVLM.Data.Images;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Cli;
using AsymVLM.Inference.Evaluation;
using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Selection;
using AsymVLM.Tests.Pipeline;

namespace AsymVLM.Tests.Cli;

/// <summary><c>ask --explain</c> on tiny AnyRes models: the PNG shows the base view and the tile map side by side, each with its kept patches.</summary>
public class AnyResExplainTests
{
    const string Question = "what is the value of TOTAL?";

    /// <summary>
    /// The wide image (90 x 40), by hand (AnyResOracleTests derives it): base-view patches are 22.5 x 10 image pixels
    /// from the origin; NeXT's 4 x 10 map has cells of 10 x 10 from x = -5, OneVision's 2 x 6 packing cells of 100/6 x 20.
    /// </summary>
    [TestCase(LlavaConfig.LlavaNext, 4, 10)]
    [TestCase(LlavaConfig.LlavaOnevision, 2, 6)]
    public void ThePngMarksTheKeptPatchesOfEachView(string type, int mapRows, int mapColumns)
    {
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip, type);
        var (height, width) = TinyAnyRes.Wide;
        // Bright pixels: kept ones stay at 128 or more, dimmed ones (40 + v / 5) fall below 92.
        var pixels = new byte[height * width * 3];
        new Random(8).NextBytes(pixels);
        var rgb = new RgbImage(width, height, pixels.Select(v => (byte)(128 + v / 2)).ToArray());
        string folder = Directory.CreateTempSubdirectory("asymvlm-explain-").FullName;
        try
        {
            string image = Path.Combine(folder, "wide.png"), explained = Path.Combine(folder, "explained.png");
            PngFile.Write(image, rgb.Pixels, width, height);
            var run = CommandLineRun.Of(InferenceCommands.Run, "ask", "--model", dir.Path, "--image", image, "--question", Question,
                "--selector", "uniform", "--keep", "0.25", "--max-new-tokens", "2", "--device", "cpu", "--explain", explained);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);

            // The kept patches of the same request, from the pipeline (uniform is deterministic).
            var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
            using var input = vlm.Images.FromRgbImage(rgb);
            var kept = new AsymPipeline(vlm).Ask(input, Question, new RequestOptions
            {
                Selector = UniformGridSelector.MethodName, Budget = VisionBudget.OfRatio(0.25), Generation = new GenerationOptions { MaxNewTokens = 2 },
            }).KeptIndices.ToHashSet();
            vlm.Model.Dispose();

            var drawn = ImageDecoder.DecodeFile(explained);
            int gap = KeptPatchOverlay.Gap;
            Assert.That((drawn.Width, drawn.Height), Is.EqualTo((2 * width + 3 * gap, height + 2 * gap)), "two views side by side");
            // Each cell's centre pixel in its view's panel: bright where kept. Image tokens: the base view's 16, then each map row and its newline.
            bool Marked(int panel, double x, double y)
            {
                int px = Math.Clamp((int)x, 0, width - 1), py = Math.Clamp((int)y, 0, height - 1);
                return drawn.Pixels[((gap + py) * drawn.Width + gap + panel * (width + gap) + px) * 3] >= 128;
            }
            var baseCells = Cells(4, 4).Select(c => (Token: (long)(c.Row * 4 + c.Column), Marked: Marked(0, (c.Column + 0.5) * 22.5, (c.Row + 0.5) * 10))).ToList();
            double cellWidth = 100.0 / mapColumns, cellHeight = 40.0 / mapRows;
            var mapCells = Cells(mapRows, mapColumns).Select(c => (Token: 16L + c.Row * (mapColumns + 1) + c.Column,
                Marked: Marked(1, -5 + (c.Column + 0.5) * cellWidth, (c.Row + 0.5) * cellHeight))).ToList();
            foreach (var (view, cells) in new[] { ("base view", baseCells), ("tile map", mapCells) })
            {
                var keptHere = cells.Where(c => kept.Contains(c.Token)).Select(c => c.Token).ToArray();
                var markedHere = cells.Where(c => c.Marked).Select(c => c.Token).ToArray();
                Assert.That(keptHere, Is.Not.Empty, $"{view}: the budget reaches it");
                Assert.That(markedHere, Has.Length.EqualTo(keptHere.Length), $"{view}: as many marked cells as kept patches");
                Assert.That(markedHere, Is.EquivalentTo(keptHere), view);
            }
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    static IEnumerable<(int Row, int Column)> Cells(int rows, int columns) =>
        from row in Enumerable.Range(0, rows) from column in Enumerable.Range(0, columns) select (row, column);
}

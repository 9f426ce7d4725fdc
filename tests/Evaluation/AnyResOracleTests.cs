using System.Text.Json;
using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Images;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Cli;
using AsymVLM.Inference.Evaluation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Selection;
using AsymVLM.Tests.Cli;
using AsymVLM.Tests.Pipeline;

namespace AsymVLM.Tests.Evaluation;

/// <summary>
/// The oracle on tiny LLaVA-NeXT and OneVision models: answer boxes map onto the base view and the tile map as the
/// preprocessor maps their pixels, and an eval keeps them in every sample.
/// </summary>
public class AnyResOracleTests
{
    /// <summary>
    /// The wide image (90 x 40) by hand. Base view: resized to 32 x 32, 4 x 4 patches of 22.5 x 10 image pixels. Tile map:
    /// fitted into the 96 x 32 pinpoint as 72 x 32 from x = 12 (scale 0.8), so an 8-pixel patch is 10 image pixels and
    /// padded column p starts at image x = 10 p - 15; unpadding cuts one column each side, so map column c spans image x
    /// [10 c - 5, 10 c + 5) and row r image y [10 r, 10 r + 10). OneVision packs that 4 x 10 map into 2 x 6 (scale 0.6 across, 0.5 down).
    /// </summary>
    [TestCase(LlavaConfig.LlavaNext, new long[] { 5, 6, 9, 10, 16 + 10 + 3, 16 + 10 + 4, 16 + 10 + 5, 16 + 20 + 3, 16 + 20 + 4, 16 + 20 + 5 })]
    [TestCase(LlavaConfig.LlavaOnevision, new long[] { 5, 6, 9, 10, 16 + 2, 16 + 3, 16 + 6 + 2, 16 + 6 + 3 })]
    public void ABoxMapsToThePatchesItCoversInTheBaseViewAndTheTileMap(string type, long[] expected)
    {
        var layout = Layout(type, TinyAnyRes.Wide);
        Assert.That((layout.BestHeight, layout.BestWidth, layout.Fitted, layout.Unpadded), Is.EqualTo((32, 96, (0, 32, 12, 72), (0, 4, 1, 10))), "the geometry derived above");
        var views = ViewProjection.AnyRes(layout, TinyAnyRes.Config(VisionConfig.Clip, type).Vision.PatchSize);

        // x 30..55: base columns 1.33..2.44, map columns 3.5..6 (OneVision 2.1..3.6); y 12..22: base rows 1.2..2.2, map rows 1.2..2.2 (0.6..1.1).
        Assert.That(AnswerRegionTokens.Of([new Box(30, 12, 25, 10)], views), Is.EqualTo(expected));
        // x 0..5, y 0..10 ends on patch edges in NeXT's map (column 1, row 1) and in the base view (row 1): nothing spills over.
        Assert.That(AnswerRegionTokens.Of([new Box(0, 0, 5, 10)], views), Is.EqualTo(new long[] { 0, 16 }));
        // Patch order counts the map's patches without newlines, as selectors rank them.
        Assert.That(VisionLayout.AnyRes(layout).PatchCount, Is.EqualTo(16 + (type == LlavaConfig.LlavaNext ? 40 : 12)));
    }

    /// <summary>
    /// A tower whose stride does not divide its input (36 / 8, as 384 / 14 in SigLIP so400m): each 36-pixel tile's 4 patches
    /// cover its first 32 pixels, and the last 4 reach no patch of the map. A 72 x 36 image fills the 72 x 36 pinpoint
    /// (2 tiles across, nothing to unpad: a 4 x 8 map); its base view halves it across.
    /// </summary>
    [Test]
    public void PixelsPastATilesPatchesReachNoPatchOfTheTileMap()
    {
        var layout = AnyResLayout.For(36, 72, [(36, 72)], tileSize: 36, grid: 4);
        var views = ViewProjection.AnyRes(layout, patchSize: 8);
        Assert.That(layout.Packed, Is.EqualTo((4, 8)));
        // x 33..36 lies past tile 0's patches: base columns 2.06..2.25 only.
        Assert.That(AnswerRegionTokens.Of([new Box(33, 0, 3, 8)], views), Is.EqualTo(new long[] { 2 }));
        Assert.That(views[0].PatchAt(33, 0), Is.EqualTo((0, 2)));
        Assert.That(views[1].PatchAt(33, 0), Is.Null, "past tile 0's patches across");
        Assert.That(views[1].PatchAt(37, 33), Is.Null, "past tile 1's patches down");
        Assert.That(views[1].PatchAt(37, 31), Is.EqualTo((3, 4)));
        // x 30..40: base columns 1.88..2.5; map columns 3.75 in tile 0 to 4.5 (tile 1's first patch, half way).
        Assert.That(AnswerRegionTokens.Of([new Box(30, 0, 10, 8)], views), Is.EqualTo(new long[] { 1, 2, 16 + 3, 16 + 4 }));
    }

    static IEnumerable<TestCaseData> TypesAndMapSides() =>
        [new(LlavaConfig.LlavaNext, 8), new(LlavaConfig.LlavaOnevision, 4)];

    /// <summary>
    /// TinyEvalSet's 128 x 128 images fill the 64 x 64 pinpoint: the base view's patches are 32 image pixels square, the
    /// 2 x 2 tiles' map (nothing to unpad) is 8 x 8 patches of 16 pixels; OneVision packs it to 4 x 4 of 32.
    /// </summary>
    [TestCaseSource(nameof(TypesAndMapSides))]
    public void AnEvalKeepsTheAnswerRegionsInBothViewsOfEverySample(string type, int mapSide)
    {
        using var set = new TinyEvalSet();
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip, type);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        var outcomes = new EvalRunner(vlm, new AsymPipeline(vlm), maxNewTokens: 2, seed: 0)
            .Run(set.Samples, [new EvalConfiguration(OracleSelector.MethodName, 0.5, false, "none", 0)]);

        var layout = VisionLayout.AnyRes(Layout(type, (128, 128)));
        int budget = (int)Math.Round(0.5 * layout.PatchCount), mapCell = 128 / mapSide;
        var newlines = layout.NewlineTokens();
        foreach (var o in outcomes)
        {
            // Each box's cells, view by view, as image tokens (a map row is followed by its newline).
            var region = o.Sample.Regions!.SelectMany(b =>
                    Cells(b, 32, 4).Select(cell => layout.Views[0].PatchToken(cell.Row, cell.Column))
                    .Concat(Cells(b, mapCell, mapSide).Select(cell => layout.Views[1].PatchToken(cell.Row, cell.Column))))
                .Distinct().ToArray();
            var keptPatches = o.Kept.Except(newlines).ToArray();
            Assert.That(o.Kept, Is.SupersetOf(newlines), o.Sample.Item.Id);
            Assert.That(keptPatches, Has.Length.EqualTo(budget), o.Sample.Item.Id);
            if (region.Length <= budget) Assert.That(keptPatches, Is.SupersetOf(region), o.Sample.Item.Id);
            else Assert.That(keptPatches, Is.SubsetOf(region), o.Sample.Item.Id);
        }
        vlm.Model.Dispose();
    }

    [Test]
    public void TheEvalCommandRunsTheOracleOnAnAnyResModel()
    {
        using var set = new TinyEvalSet();
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip);
        string results = Directory.CreateTempSubdirectory("asymvlm-oracle-").FullName;
        try
        {
            var run = CommandLineRun.Of(InferenceCommands.Run, "eval", "--model", dir.Path, "--data", set.Path, "--selectors", "oracle,none",
                "--keep", "0.25", "--max-new-tokens", "2", "--bootstrap", "10", "--device", "cpu", "--out", results);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            // 80 patches and 8 newlines per image (see above): the oracle keeps 20 patches and every newline.
            var kept = File.ReadAllLines(Path.Combine(results, AnswerLog.FileName)).Select(line => JsonDocument.Parse(line).RootElement)
                .ToLookup(row => row.GetProperty("selector").GetString(), row => row.GetProperty("vision_tokens_kept").GetInt32());
            Assert.That(kept["oracle"].ToArray(), Has.Length.EqualTo(set.Samples.Count).And.All.EqualTo(20 + 8));
        }
        finally { Directory.Delete(results, recursive: true); }
    }

    static AnyResLayout Layout(string type, (int Height, int Width) size)
    {
        var config = TinyAnyRes.Config(VisionConfig.Clip, type);
        return AnyResLayout.For(size.Height, size.Width, config.ImageGridPinpoints, config.Vision.ImageSize, config.Vision.GridSize, config.MaxNumPatches);
    }

    /// <summary>The cells of a square grid of <paramref name="side"/> x <paramref name="side"/> cells of <paramref name="cell"/> pixels that a box overlaps.</summary>
    static IEnumerable<(int Row, int Column)> Cells(Box box, int cell, int side) =>
        from row in Enumerable.Range(box.Y / cell, (box.Y + box.Height + cell - 1) / cell - box.Y / cell)
        from column in Enumerable.Range(box.X / cell, (box.X + box.Width + cell - 1) / cell - box.X / cell)
        where row < side && column < side
        select (row, column);
}

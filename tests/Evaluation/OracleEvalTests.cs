using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Images;
using AsymVLM.Inference.Evaluation;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Pipeline;

namespace AsymVLM.Tests.Evaluation;

public class OracleEvalTests
{
    TinyEvalSet set = null!;

    [OneTimeSetUp] public void WriteDataset() => set = new TinyEvalSet();
    [OneTimeTearDown] public void DeleteDataset() => set.Dispose();

    [Test]
    public void RegionsMapToTheCellsTheyCoverThroughResizeAndCrop()
    {
        var same = new ClipImageProcessor(new PreprocessorConfig { ShortestEdge = 128, CropHeight = 128, CropWidth = 128 });
        var box = CellGrid.CellBox(column: 3, row: 2, columns: 4);
        Assert.That(AnswerRegionTokens.Of([box], [ViewProjection.OneView(128, 128, same, 16, 8)]), Is.EqualTo(CellGrid.CellIndices(box).Select(i => (long)i)));

        // 128 -> 32 (TinyVlm's input): 4 image cells per vision token; cells 3-6 of row 2 fall in tokens 0-1 of row 0.
        var quarter = new ClipImageProcessor(new PreprocessorConfig { ShortestEdge = 32, CropHeight = 32, CropWidth = 32 });
        Assert.That(AnswerRegionTokens.Of([box], [ViewProjection.OneView(128, 128, quarter, 4, 8)]), Is.EqualTo(new long[] { 0, 1 }));

        // A 256x128 image resized to 64x32 and center-cropped to 32x32 loses 16 pixels on the left: x 64..128 lands on 0..16.
        var wide = new Box(64, 0, 64, 32);
        Assert.That(AnswerRegionTokens.Of([wide], [ViewProjection.OneView(256, 128, quarter, 4, 8)]), Is.EqualTo(new long[] { 0, 1 }));
        Assert.That(AnswerRegionTokens.Of([new Box(0, 0, 16, 16)], [ViewProjection.OneView(256, 128, quarter, 4, 8)]), Is.Empty, "cropped away");
    }

    [Test]
    public void OracleKeepsTheAnswerRegionsInEveryEvaluatedSample()
    {
        var vlm = TinyVlm.Create();
        var outcomes = new EvalRunner(vlm, new AsymPipeline(vlm), maxNewTokens: 2, seed: 0)
            .Run(set.Samples, [new EvalConfiguration("oracle", 0.5, false, "none", 0)]);
        foreach (var o in outcomes)
        {
            var region = AnswerRegionTokens.Of(o.Sample.Regions!, [ViewProjection.OneView(128, 128, vlm.Images.Processor, 4, 8)]);
            Assert.That(o.Kept, Has.Length.EqualTo(8));
            if (region.Length <= 8) Assert.That(o.Kept, Is.SupersetOf(region), o.Sample.Item.Id);
            else Assert.That(o.Kept, Is.SubsetOf(region), o.Sample.Item.Id);
        }
    }

    [Test]
    public void OracleWithoutRegionsIsRefusedBeforeAnyRequest()
    {
        var vlm = TinyVlm.Create();
        var requests = 0;
        var unmarked = set.Samples.Select(s => s with { Regions = null }).ToList();
        var error = Assert.Throws<ArgumentException>(() => new EvalRunner(vlm, new AsymPipeline(vlm), 2, seed: 0)
            .Run(unmarked, [new EvalConfiguration("oracle", 0.25, false, "none", 0)], (_, _) => requests++));
        Assert.That(error!.Message, Does.Contain("'oracle'").And.Contain("regions"));
        Assert.That(requests, Is.Zero);
    }
}

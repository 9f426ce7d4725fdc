using AsymVLM.Data.Images;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Cli.Reports;
using AsymVLM.Inference.Evaluation;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Pipeline;

namespace AsymVLM.Tests.Evaluation;

/// <summary>
/// eval on a tiny LLaVA-NeXT: every request answers from the image's AnyRes views and keeps all its newlines; kept_patches.png
/// draws each sample's views.
/// </summary>
public class AnyResEvalTests
{
    [Test]
    public void ASweepKeepsEveryNewlineAndAShareOfThePatchesOfEachImage()
    {
        using var set = new TinyEvalSet();
        using var dir = TinyAnyRes.Directory(VisionConfig.Clip);
        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        var configurations = EvalConfiguration.Expand(["uniform", "none"], [0.25, 1], ["none"], [0], adaptive: false);
        var outcomes = new EvalRunner(vlm, new AsymPipeline(vlm), maxNewTokens: 2, seed: 0).Run(set.Samples, configurations);
        EvalReport.Write(Path.Combine(set.Path, "results"), outcomes, ResultTable.Build(outcomes, 10, seed: 0), vlm.Model);

        // A 128 x 128 image fills the 64 x 64 pinpoint: 2 x 2 tiles, an 8 x 8 map with nothing to unpad, 8 newlines.
        const int patches = 16 + 64, newlines = 8;
        Assert.That(outcomes.Select(o => o.Stats.VisionTokensTotal), Is.All.EqualTo(patches + newlines));
        var kept = outcomes.ToLookup(o => o.Configuration.Selector, o => o.Stats.VisionTokensKept);
        Assert.That(kept["none"], Is.All.EqualTo(patches + newlines));
        Assert.That(kept["uniform"], Is.All.EqualTo(20 + newlines));
        // kept_patches.png: eight samples in 4 columns, each its base view and its tile map side by side.
        var drawn = ImageDecoder.DecodeFile(Path.Combine(set.Path, "results", "kept_patches.png"));
        int gap = KeptPatchOverlay.Gap, sampleWidth = 2 * 128 + 3 * gap, sampleHeight = 128 + 2 * gap;
        Assert.That((drawn.Width, drawn.Height), Is.EqualTo((4 * sampleWidth + 5 * gap, 2 * sampleHeight + 3 * gap)));
        vlm.Model.Dispose();
    }
}

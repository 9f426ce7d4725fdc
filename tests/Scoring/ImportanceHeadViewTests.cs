using AsymVLM.Inference.Scoring;
using AsymVLM.Inference.Selection;
using AsymVLM.Tests.Selection;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Scoring;

/// <summary>The importance head on multi-view input: its convolutions run over each view's own grid.</summary>
public class ImportanceHeadViewTests : TorchScopedTest
{
    static readonly VisionLayout TwoViews = new([new VisionView(0, 4, 4, false), new VisionView(16, 3, 5, true)]);

    static ImportanceHead Head()
    {
        manual_seed(5);
        var head = new ImportanceHead(new ImportanceHeadConfig { InputSize = 16, Width = 8, GridHeight = 4, GridWidth = 4, RowKernel = 3 });
        head.eval();
        return head;
    }

    static (Tensor Vision, Tensor Question, Tensor Mask) Inputs(int patches)
    {
        var g = new Generator(11);
        return (randn([1, patches, 16], generator: g), randn([1, 5, 16], generator: g), ones(1, 5, dtype: ScalarType.Bool));
    }

    [Test]
    public void OneViewIsTheHeadsOwnGrid()
    {
        using var head = Head();
        using var noGrad = no_grad();
        var (vision, question, mask) = Inputs(16);
        var plain = head.Forward(vision, question, mask).Scores;
        var viaLayout = head.Forward(vision, question, mask, VisionLayout.Grid(4, 4)).Scores;
        Assert.That((plain - viaLayout).abs().max().item<float>(), Is.EqualTo(0f));
    }

    [Test]
    public void ATileMapTokenMovesNoScoreOfTheBaseView()
    {
        using var head = Head();
        using var noGrad = no_grad();
        var (vision, question, mask) = Inputs(TwoViews.PatchCount);
        var before = head.Forward(vision, question, mask, TwoViews).Scores[0];
        var changed = vision.clone();
        changed[0, 16] = randn([16], generator: new Generator(3)) * 3; // the map's first patch, next in memory to the base view's last row
        var after = head.Forward(changed, question, mask, TwoViews).Scores[0];
        Assert.That((after[..16] - before[..16]).abs().max().item<float>(), Is.EqualTo(0f), "the base view's scores");
        Assert.That((after[16..] - before[16..]).abs().max().item<float>(), Is.GreaterThan(0f), "the map's own scores");
        Assert.That(before.shape, Is.EqualTo(new long[] { TwoViews.PatchCount }));
    }

    [Test]
    public void AHeadOfAnotherGridIsRefusedNamingBoth()
    {
        using var head = Head();
        var (vision, question, mask) = Inputs(36);
        Assert.That(() => head.Forward(vision, question, mask, VisionLayout.Grid(6, 6)),
            Throws.ArgumentException.With.Message.Contains("4 x 4 grid").And.Message.Contains("6 x 6"));
    }
}

using AsymVLM.Inference.Scoring;
using AsymVLM.Inference.Selection;

namespace AsymVLM.Tests.Selection;

public class OracleSelectorTests : TorchScopedTest
{
    static readonly long[] Region = [9, 10, 11, 40];

    static SelectionInput WithRegion(long[]? region) => SelectionInputs.Random(seed: 3) with { AnswerTokens = region };

    static ImportanceHead Head()
    {
        TorchSharp.torch.manual_seed(1);
        var head = new ImportanceHead(new ImportanceHeadConfig
        {
            InputSize = SelectionInputs.Width, Width = 8, GridHeight = SelectionInputs.Side, GridWidth = SelectionInputs.Side, RowKernel = 3,
        });
        head.eval();
        return head;
    }

    [Test]
    public void KeepsTheRegionFirstThenTheLearnedRanking()
    {
        var head = Head();
        var input = WithRegion(Region);
        var kept = new OracleSelector(head).Select(input, 10).Indices;
        var scores = new LearnedSelector(head).Score(input).Scores;
        var bestOutside = Enumerable.Range(0, SelectionInputs.TokenCount).Select(i => (long)i).Where(i => !Region.Contains(i))
            .OrderByDescending(i => scores[i]).Take(6);
        Assert.That(kept, Is.EquivalentTo(Region.Concat(bestOutside)));
    }

    [Test]
    public void WithoutAScorerFillsUniformly()
    {
        var kept = new OracleSelector(null).Select(WithRegion(Region), 12).Indices;
        Assert.That(kept, Has.Length.EqualTo(12));
        Assert.That(kept, Is.SupersetOf(Region));
        var fill = kept.Except(Region).ToArray();
        Assert.That(fill.Select(i => i / SelectionInputs.Side).Distinct().Count(), Is.GreaterThan(2), "the fill spreads over the grid's rows");
    }

    [Test]
    public void ARegionLargerThanTheBudgetKeepsItsBestTokens()
    {
        var head = Head();
        var input = WithRegion(Region);
        var scores = new LearnedSelector(head).Score(input).Scores;
        Assert.That(new OracleSelector(head).Select(input, 2).Indices, Is.EquivalentTo(Region.OrderByDescending(i => scores[i]).Take(2)));
        Assert.That(new OracleSelector(null).Select(input, 2).Indices, Is.SubsetOf(Region));
    }

    [Test]
    public void AnEmptyRegionIsOnlyTheFill()
    {
        var head = Head();
        var input = WithRegion([]);
        Assert.That(new OracleSelector(head).Select(input, 5).Indices, Is.EqualTo(new LearnedSelector(head).Select(input, 5).Indices));
    }

    [Test]
    public void WithoutRegionsItSaysWhatItNeeds()
    {
        var error = Assert.Throws<ArgumentException>(() => new OracleSelector(null).Select(WithRegion(null), 4));
        Assert.That(error!.Message, Does.Contain("'oracle'").And.Contain("regions"));
    }
}

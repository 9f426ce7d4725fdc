using AsymVLM.Training.Pretraining;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Pretraining;

public class VisionTokenDropoutTests
{
    const long Image = 4;

    // Two rows of [<s>, 6 image tokens, 2 text tokens]; row 0's position 8 reads from image position 2, row 1's
    // position 7 from image positions 5 and 6.
    static (Tensor Ids, GroundingLoss.Pairs Pairs) Batch()
    {
        long[] row = [1, Image, Image, Image, Image, Image, Image, 20, 21];
        var pairs = new GroundingLoss.PairsBuilder(row.Length);
        pairs.Add(0 * row.Length + 8, [2]);
        pairs.Add(1 * row.Length + 7, [5, 6]);
        return (tensor(row.Concat(row).ToArray()).view(2, row.Length), pairs.Build());
    }

    [Test]
    public void KeepsTextAndTheAnswersCellsAndRenumbersThePairs()
    {
        var (ids, pairs) = Batch();
        var kept = VisionTokenDropout.Sample(ids, Image, pairs, [[], []], keep: 3, new Random(1));

        Assert.That(kept.Index.shape, Is.EqualTo(new long[] { 2, 6 }));
        var index = kept.Index.data<long>().ToArray();
        var rows = new[] { index[..6], index[6..] };
        foreach (var r in rows)
        {
            Assert.That(r, Is.Ordered.And.Unique);
            Assert.That(r, Is.SupersetOf(new long[] { 0, 7, 8 }), "every text position stays");
        }
        Assert.That(rows[0], Does.Contain(2L));
        Assert.That(rows[1], Is.SupersetOf(new long[] { 5, 6 }));
        // Each renumbered pair points at the same original positions.
        for (int i = 0; i < kept.Regions.Key.Length; i++)
        {
            long b = kept.Regions.Query[i] / 6, q = kept.Regions.Query[i] % 6;
            Assert.That(rows[b][q], Is.EqualTo(pairs.Query[i] % 9));
            Assert.That(rows[b][kept.Regions.Key[i]], Is.EqualTo(pairs.Key[i]));
        }
        Assert.That(kept.Cells.data<long>().ToArray(), Is.EqualTo(rows.SelectMany(r => r.Where(t => t is >= 1 and <= 6).Select(t => t - 1)).ToArray()));
    }

    [Test]
    public void KeepGrowsToTheMostProtectedCellsOfAnyRow()
    {
        var (ids, pairs) = Batch();
        var kept = VisionTokenDropout.Sample(ids, Image, pairs, [[], []], keep: 1, new Random(1));
        Assert.That(kept.Cells.shape, Is.EqualTo(new long[] { 2, 2 }));
    }

    [Test]
    public void EvidenceCellsAlwaysStay()
    {
        var (ids, pairs) = Batch();
        for (int seed = 0; seed < 20; seed++)
        {
            var kept = VisionTokenDropout.Sample(ids, Image, pairs, [[1, 3], [4]], keep: 3, new Random(seed));
            var index = kept.Index.data<long>().ToArray();
            Assert.That(index[..6], Is.SupersetOf(new long[] { 1, 2, 3 }), "row 0: its evidence and its answer's cell");
            Assert.That(index[6..], Is.SupersetOf(new long[] { 4, 5, 6 }), "row 1: its evidence and its answer's cells");
        }
    }

    [Test]
    public void AnswerAgnosticDropoutSometimesDropsTheAnswerAndKeepsOnlyPairsWhoseKeyStays()
    {
        var (ids, pairs) = Batch();
        int answerDropped = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var kept = VisionTokenDropout.Sample(ids, Image, pairs, [[1, 3], [4]], keep: 2, new Random(seed), protectEvidence: false);
            Assert.That(kept.Cells.shape, Is.EqualTo(new long[] { 2, 2 }), "exactly keep cells: nothing is protected");
            var index = kept.Index.data<long>().ToArray();
            var rows = new[] { index[..5], index[5..] };
            if (!rows[0].Contains(2L)) answerDropped++;
            for (int i = 0; i < kept.Regions.Key.Length; i++)
                Assert.That(rows[kept.Regions.Query[i] / 5][kept.Regions.Key[i]], Is.AnyOf(2L, 5L, 6L), "a pair's key is a kept answer cell");
            int liveQueries = (rows[0].Contains(2L) ? 1 : 0) + (rows[1].Contains(5L) || rows[1].Contains(6L) ? 1 : 0);
            Assert.That(kept.Regions.Queries, Is.EqualTo(liveQueries));
            Assert.That(kept.Regions.Group, Is.All.LessThan(kept.Regions.Queries));
        }
        Assert.That(answerDropped, Is.GreaterThan(0).And.LessThan(40));
    }
}

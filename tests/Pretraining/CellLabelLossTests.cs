using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Tokenization;
using AsymVLM.Training.Pretraining;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Pretraining;

public class CellLabelLossTests
{
    static readonly BenchmarkTokenizer Tokenizer = BenchmarkTokenizer.CreateDefault();

    [Test]
    public void TargetsAreTheLabelTextsTokensGlyphsShapesBarsAndBlanks()
    {
        var samples = Enumerable.Range(0, 4).Select(i => SyntheticBenchmark.Render(5, i)).ToList(); // one of each family
        using var targets = new CellLabelLoss(Tokenizer).Targets(samples, Tokenizer.VocabSize);
        Assert.That(targets.shape, Is.EqualTo(new long[] { 4, CellGrid.Cells * CellGrid.Cells, Tokenizer.VocabSize }));
        Assert.That(targets.sum(-1).allclose(ones(4, CellGrid.Cells * CellGrid.Cells)), Is.True);

        for (int b = 0; b < samples.Count; b++)
            foreach (var (label, cell) in samples[b].CellLabels.Select((l, c) => (l, c)).DistinctBy(x => x.l))
            {
                var expected = label switch
                {
                    null => new[] { Tokenizer.TokenToId(" ") },
                    { Length: 1 } => [Tokenizer.TokenToId(label)],
                    _ => label.Split(' ').Select(w => Tokenizer.TokenToId(" " + w)).ToArray(),
                };
                var row = targets[b, cell].data<float>().ToArray();
                foreach (int id in expected) Assert.That(row[id], Is.EqualTo(1f / expected.Length), $"{samples[b].Sample.Id} cell {cell} '{label}'");
            }
    }

    [Test]
    public void TokensAlignedWithTheirLabelsEmbeddingsScoreBetterThanShuffledOnes()
    {
        var samples = new[] { SyntheticBenchmark.Render(5, 0) };
        using var targets = new CellLabelLoss(Tokenizer).Targets(samples, Tokenizer.VocabSize);
        manual_seed(0);
        using var embeddings = randn(Tokenizer.VocabSize, 16);
        using var aligned = targets.matmul(embeddings);                                       // [1, N, 16]
        using var shuffled = aligned.index_select(1, randperm(aligned.shape[1]));
        double good = CellLabelLoss.Loss(aligned, embeddings, targets).item<float>();
        double bad = CellLabelLoss.Loss(shuffled, embeddings, targets).item<float>();
        Assert.That(good, Is.LessThan(bad - 1));
    }
}

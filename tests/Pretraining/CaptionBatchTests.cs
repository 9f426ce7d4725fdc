using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Images;
using AsymVLM.Data.Prompting;
using AsymVLM.Data.Tokenization;
using AsymVLM.Training.Pretraining;

namespace AsymVLM.Tests.Pretraining;

public class CaptionBatchTests
{
    static readonly BenchmarkTokenizer Tokenizer = BenchmarkTokenizer.CreateDefault();
    static readonly PlainPromptFormat Format = new(Tokenizer, Tokenizer.TokenToId("<image>"), CellGrid.Cells * CellGrid.Cells);
    static readonly ClipImageProcessor Images = new(new PreprocessorConfig
        { ShortestEdge = CellGrid.ImageSize, CropHeight = CellGrid.ImageSize, CropWidth = CellGrid.ImageSize });

    static long[] Encode(string text) => Tokenizer.Encode(text).Select(i => (long)i).ToArray();

    [Test]
    public void ConversationHasTheInferencePromptFirstThenLaterTurnsAndPredictsOnlyAnswers()
    {
        var sample = SyntheticBenchmark.Render(5, 0); // documents: several fields, so several questions
        var turns = sample.Questions.Take(2).ToList();
        var batch = CaptionBatch.From([(sample, turns)], Tokenizer, Format, Images);

        long eos = Tokenizer.EosId, newline = Encode("\n")[0];
        long[] first = [.. Format.Build(turns[0].Question).Ids, .. Encode(turns[0].Answer), eos];
        long[] second = [newline, .. Encode(turns[1].Question), newline, .. Encode(turns[1].Answer), eos];
        var ids = batch.Ids[0].data<long>().ToArray();
        Assert.That(ids, Is.EqualTo(first.Concat(second).ToArray()));

        // Position t predicts token t+1 exactly where t+1 is an answer token or its </s>.
        var targets = batch.Targets[0].data<long>().ToArray();
        var predictedAt = Enumerable.Range(0, ids.Length).Where(t => targets[t] != CaptionBatch.Ignore).ToArray();
        int length1 = Encode(turns[0].Answer).Length + 1, length2 = Encode(turns[1].Answer).Length + 1; // with </s>
        int answer1 = first.Length - length1, answer2 = first.Length + second.Length - length2;
        int[] expected = [.. Enumerable.Range(answer1 - 1, length1), .. Enumerable.Range(answer2 - 1, length2)];
        Assert.That(predictedAt, Is.EqualTo(expected));
        Assert.That(predictedAt.Select(t => targets[t]), Is.EqualTo(predictedAt.Select(t => ids[t + 1])));
    }

    [Test]
    public void TextAnswerTokensArePairedWithTheirOwnGlyphCellAndTheEndWithTheWholeRegion()
    {
        var sample = SyntheticBenchmark.Render(5, 0); // documents: the value is written one glyph per cell
        var turns = sample.Questions.Take(2).ToList();
        var batch = CaptionBatch.From([(sample, turns)], Tokenizer, Format, Images);
        int imageStart = Format.Build(turns[0].Question).ImageStart;
        var targets = batch.Targets[0].data<long>().ToArray();
        var regions = batch.Regions;

        var byQuery = regions.Query.Zip(regions.Key).GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.Select(p => p.Second).ToArray());
        var predicting = Enumerable.Range(0, targets.Length).Where(t => targets[t] != CaptionBatch.Ignore).Select(t => (long)t).ToArray();
        Assert.That(byQuery.Keys, Is.EquivalentTo(predicting));
        Box region = turns[0].Regions.Single();
        long[] cells = Enumerable.Range(region.X / CellGrid.CellSize, region.Width / CellGrid.CellSize)
            .Select(column => (long)(imageStart + region.Y / CellGrid.CellSize * CellGrid.Cells + column)).ToArray();
        int answerTokens = turns[0].Answer.Length;
        for (int k = 0; k < answerTokens; k++) Assert.That(byQuery[predicting[k]], Is.EqualTo(new[] { cells[k] }), $"answer token {k}");
        Assert.That(byQuery[predicting[answerTokens]], Is.EqualTo(cells), "</s>");
        Assert.That(regions.Length, Is.EqualTo(targets.Length));
    }

    [Test]
    public void TranscriptionTokensReadTheirGlyphAndEachJoiningSpaceTheNextLinesFirstCell()
    {
        var sample = SyntheticBenchmark.Render(5, 4); // transcription: a run of lines joined by spaces
        Assert.That(sample.Sample.Family, Is.EqualTo(TaskFamilies.Transcription));
        var turn = sample.Questions[0];
        var batch = CaptionBatch.From([(sample, new[] { turn })], Tokenizer, Format, Images);
        int imageStart = Format.Build(turn.Question).ImageStart;
        var byQuery = batch.Regions.Query.Zip(batch.Regions.Key).GroupBy(p => p.First).OrderBy(g => g.Key)
            .Select(g => g.Select(p => p.Second).ToArray()).ToArray();
        Assert.That(byQuery, Has.Length.EqualTo(turn.Answer.Length + 1));
        int k = 0;
        foreach (var line in turn.Regions)
        {
            long row = imageStart + line.Y / CellGrid.CellSize * CellGrid.Cells;
            if (k > 0) Assert.That(byQuery[k++], Is.EqualTo(new[] { row }), "the space before a line reads its first cell");
            for (int column = 0; column < CellGrid.Cells; column++) Assert.That(byQuery[k++], Is.EqualTo(new[] { row + column }));
        }
        Assert.That(byQuery[k], Has.Length.EqualTo(turn.Regions.Count * CellGrid.Cells), "</s> reads the whole region");
    }

    [Test]
    public void EvidenceHoldsEveryTurnsAnswerAndTheCellsThatLocateIt()
    {
        var sample = SyntheticBenchmark.Render(5, 0); // documents: the key locates the value
        var turns = sample.Questions.Take(2).ToList();
        var batch = CaptionBatch.From([(sample, turns)], Tokenizer, Format, Images);
        int imageStart = Format.Build(turns[0].Question).ImageStart;
        var expected = turns.SelectMany(t => t.Regions.Concat(t.Evidence)).SelectMany(CellGrid.CellIndices).Select(c => imageStart + c);
        Assert.That(batch.Evidence.Single(), Is.EquivalentTo(expected.Distinct()));
    }

    [Test]
    public void OtherAnswersArePairedWithTheirWholeRegion()
    {
        var sample = SyntheticBenchmark.Render(5, 2); // scenes: a colour or a count over shape blocks
        var turn = sample.Questions.First(q => q.Regions.Count > 0);
        var batch = CaptionBatch.From([(sample, new[] { turn })], Tokenizer, Format, Images);
        int imageStart = Format.Build(turn.Question).ImageStart;
        long[] expected = turn.Regions.SelectMany(b =>
            from row in Enumerable.Range(b.Y / CellGrid.CellSize, b.Height / CellGrid.CellSize)
            from column in Enumerable.Range(b.X / CellGrid.CellSize, b.Width / CellGrid.CellSize)
            select (long)(imageStart + row * CellGrid.Cells + column)).ToArray();
        foreach (var group in batch.Regions.Query.Zip(batch.Regions.Key).GroupBy(p => p.First))
            Assert.That(group.Select(p => p.Second), Is.EqualTo(expected));
    }

    [Test]
    public void RowsArePaddedAndPaddingIsNeverPredicted()
    {
        var short_ = SyntheticBenchmark.Render(5, 2); // scenes: one-word answers
        var long_ = SyntheticBenchmark.Render(5, 3);  // reading: 16-character answers
        var batch = CaptionBatch.From([(short_, short_.Questions.Take(1).ToList()), (long_, long_.Questions.Take(3).ToList())], Tokenizer, Format, Images);
        var ids = batch.Ids[0].data<long>().ToArray();
        var targets = batch.Targets[0].data<long>().ToArray();
        int real = Format.Build(short_.Sample.Question).Length + Tokenizer.Encode(short_.Sample.Answer).Count + 1;
        Assert.That(ids[real..], Is.All.EqualTo((long)Tokenizer.PadId));
        Assert.That(targets[(real - 1)..], Is.All.EqualTo(CaptionBatch.Ignore));
        Assert.That(batch.Pixels.shape, Is.EqualTo(new long[] { 2, 3, CellGrid.ImageSize, CellGrid.ImageSize }));
    }

    [Test]
    public void GroundingOnEvidenceAddsABarsLabelAndBodyToItsValuesCells()
    {
        var sample = Enumerable.Range(0, 50).Select(i => SyntheticBenchmark.Render(5, i)).First(s => s.Sample.Task == TaskFamilies.ChartValue);
        var turn = sample.Questions[0];
        int imageStart = Format.Build(turn.Question).ImageStart;
        var answerOnly = CaptionBatch.From([(sample, new[] { turn })], Tokenizer, Format, Images);
        var withEvidence = CaptionBatch.From([(sample, new[] { turn })], Tokenizer, Format, Images, groundOnEvidence: true);
        var evidence = turn.Evidence.SelectMany(CellGrid.CellIndices).Select(c => (long)(imageStart + c)).ToHashSet();
        Assert.That(evidence, Is.Not.Empty);

        var before = answerOnly.Regions.Query.Zip(answerOnly.Regions.Key).ToLookup(p => p.First, p => p.Second);
        var after = withEvidence.Regions.Query.Zip(withEvidence.Regions.Key).ToLookup(p => p.First, p => p.Second);
        Assert.That(after.Select(g => g.Key), Is.EqualTo(before.Select(g => g.Key)), "the same answer-predicting positions");
        foreach (var query in after)
            Assert.That(query.ToHashSet(), Is.EquivalentTo(before[query.Key].ToHashSet().Union(evidence)));
    }

    [Test]
    public void AQuestionNamingABarMarksItsAnswerPredictingPositionWithTheBarsClass()
    {
        var sample = Enumerable.Range(0, 50).Select(i => SyntheticBenchmark.Render(5, i)).First(s => s.Sample.Task == TaskFamilies.ChartValue);
        var max = sample.Questions.First(q => q.Task == TaskFamilies.ChartMax);
        var batch = CaptionBatch.From([(sample, new[] { sample.Questions[0], max })], Tokenizer, Format, Images);
        var owners = batch.QueryOwners[0].data<long>().ToArray();
        var targets = batch.Targets[0].data<long>().ToArray();
        int firstAnswer = Array.FindIndex(targets, t => t != CaptionBatch.Ignore);
        char letter = sample.Sample.Question[^2];
        Assert.That(owners.Select((o, t) => (o, t)).Where(x => x.o >= 0).ToArray(),
            Is.EqualTo(new[] { ((long)CellOwners.ClassOf(CellOwners.Bar(letter)), firstAnswer) }), "only the named bar's question; the highest-bar one names none");
    }

    [Test]
    public void AQuestionsLetterIsPairedWithTheLabelCellShowingIt()
    {
        var sample = Enumerable.Range(0, 50).Select(i => SyntheticBenchmark.Render(5, i)).First(s => s.Sample.Task == TaskFamilies.ChartValue);
        var max = sample.Questions.First(q => q.Task == TaskFamilies.ChartMax);
        var turn = sample.Questions[0];
        var batch = CaptionBatch.From([(sample, new[] { turn, max })], Tokenizer, Format, Images);
        var prompt = Format.Build(turn.Question);
        var ids = batch.Ids[0].data<long>().ToArray();
        char letter = sample.Sample.Question[^2];
        int letterAt = Array.LastIndexOf(ids, (long)Tokenizer.TokenToId(letter.ToString()), prompt.Length - 1);
        var label = turn.Evidence.SelectMany(CellGrid.CellIndices).Distinct().Where(c => sample.CellLabels[c] == letter.ToString()).ToArray();
        Assert.That(label, Has.Length.EqualTo(1), "the bar's label is one cell");

        var pairs = batch.QuestionRegions;
        Assert.That(pairs.Query, Is.All.EqualTo((long)letterAt), "only the named bar's letter; the highest-bar question names none");
        Assert.That(pairs.Key, Is.EqualTo(new[] { (long)(prompt.ImageStart + label[0]) }));
        Assert.That(pairs.Queries, Is.EqualTo(1));

        var reads = batch.QuestionReads;
        var value = turn.Regions.SelectMany(CellGrid.CellIndices).Distinct().Select(c => (long)(prompt.ImageStart + c));
        Assert.That(reads.Query, Is.All.EqualTo((long)letterAt), "the same letter reads on");
        Assert.That(reads.Key, Is.EquivalentTo(value), "onto the cells of the bar's value");
        Assert.That(reads.Key, Does.Not.Contain(pairs.Key[0]));

        var recalls = batch.QuestionRecalls;
        Assert.That(recalls.Query, Is.All.EqualTo((long)(prompt.Length - 1)), "the position predicting the answer's first token");
        Assert.That(recalls.Key, Is.EqualTo(new[] { (long)letterAt }), "recalls the letter naming the bar");
    }
}

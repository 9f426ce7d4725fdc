using AsymVLM.Data.Benchmark;
using AsymVLM.Data.Images;
using AsymVLM.Data.Prompting;
using AsymVLM.Data.Tokenization;
using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// A right-padded batch for next-token training on answers: one conversation per image, the first turn in
/// the prompt format inference uses (<c>&lt;s&gt; &lt;image&gt;×N \n q \n</c>), each later one <c>\n q \n</c>.
/// Prompts are context; only the answers and their closing &lt;/s&gt; are predicted. Several questions per
/// image share the cost of its 256 vision tokens. <see cref="Regions"/> pairs every answer-predicting position
/// with the image tokens its answer token is read from (for <see cref="GroundingLoss"/>; with <c>groundOnEvidence</c> also the
/// question's evidence, where the answer can be found from); <see cref="Evidence"/> lists,
/// per row, the image-token positions its answers and their evidence (a form's key, a bar's label) occupy.
/// <see cref="QueryOwners"/> marks the position that predicts the first answer token of a question naming a part (one
/// with evidence: a form's key, a bar's label) with that part's <see cref="CellOwners"/> class, -1 elsewhere.
/// <see cref="QuestionRegions"/> pairs each question token that spells one glyph of its question's evidence (a bar's label
/// letter, a form key's letters) with the evidence cells that show that glyph; <see cref="QuestionReads"/> pairs the same
/// tokens with their question's answer cells (the named bar's value, the key's field value), and <see cref="QuestionRecalls"/>
/// the position predicting the answer's first token with those question tokens.
/// </summary>
public sealed record CaptionBatch(Tensor Pixels, Tensor Ids, Tensor Targets, GroundingLoss.Pairs Regions, int[][] Evidence, long ImagePlaceholders,
    Tensor QueryOwners, GroundingLoss.Pairs QuestionRegions, GroundingLoss.Pairs QuestionReads, GroundingLoss.Pairs QuestionRecalls)
{
    public const long Ignore = -100;

    public static CaptionBatch From(IReadOnlyList<(RenderedSample Sample, IReadOnlyList<FamilyQuestion> Turns)> conversations,
        ITokenizer tokenizer, IPromptFormat format, ClipImageProcessor images, bool groundOnEvidence = false)
    {
        var newline = tokenizer.Encode("\n").Select(i => (long)i).ToArray();
        var rows = conversations.Select(c =>
        {
            var ids = new List<long>();
            var first = format.Build(c.Turns[0].Question);
            var readFrom = new List<int[]?>(); // per token: the image-token positions its answer token is read from; null for prompt tokens
            var queryOwner = new Dictionary<int, long>(); // position -> owner class of the part its question names
            var spelled = new Dictionary<int, int[]>();   // question position -> the evidence cells showing its glyph
            var reads = new Dictionary<int, int[]>();     // the same positions -> their question's answer cells
            var recalls = new Dictionary<int, int[]>();   // the first answer-predicting position -> those question positions
            foreach (var (turn, i) in c.Turns.Select((t, i) => (t, i)))
            {
                var prompt = i == 0 ? first.Ids : [.. newline, .. tokenizer.Encode(turn.Question).Select(t => (long)t), .. newline];
                var answer = tokenizer.Encode(turn.Answer).Select(t => (long)t).Append(tokenizer.EosId).ToArray();
                if (turn.Evidence.Count > 0)
                {
                    queryOwner[ids.Count + prompt.Length - 1] = CellOwners.ClassOf(c.Sample.CellOwners[CellGrid.CellIndices(turn.Regions[0]).First()]);
                    var named = turn.Evidence.SelectMany(CellGrid.CellIndices).Distinct().ToArray();
                    var answerCells = turn.Regions.SelectMany(CellGrid.CellIndices).Distinct().Select(cell => first.ImageStart + cell).ToArray();
                    var naming = new List<int>();
                    for (int t = 0; t < prompt.Length; t++)
                        if (tokenizer.Decode([(int)prompt[t]]) is { Length: 1 } glyph
                            && named.Where(cell => c.Sample.CellLabels[cell] == glyph).ToArray() is { Length: > 0 } shows)
                        {
                            naming.Add(ids.Count + t);
                            spelled[ids.Count + t] = shows.Select(cell => first.ImageStart + cell).ToArray();
                            reads[ids.Count + t] = answerCells;
                        }
                    if (naming.Count > 0) recalls[ids.Count + prompt.Length - 1] = [.. naming];
                }
                ids.AddRange(prompt);
                ids.AddRange(answer);
                readFrom.AddRange(prompt.Select(_ => (int[]?)null));
                var evidenceCells = groundOnEvidence ? turn.Evidence.SelectMany(CellGrid.CellIndices).ToArray() : [];
                readFrom.AddRange(AnswerCells(turn, answer.Length - 1)
                    .Select(cells => cells.Concat(evidenceCells).Distinct().Select(cell => first.ImageStart + cell).ToArray()));
            }
            var evidence = c.Turns.SelectMany(t => t.Regions.Concat(t.Evidence)).SelectMany(CellGrid.CellIndices)
                .Distinct().Select(cell => first.ImageStart + cell).ToArray();
            return (Ids: ids.ToArray(), ReadFrom: readFrom.ToArray(), Evidence: evidence, Placeholders: first.ImageCount, QueryOwner: queryOwner, Spelled: spelled, Reads: reads, Recalls: recalls);
        }).ToList();
        int length = rows.Max(r => r.Ids.Length);
        var ids = new long[rows.Count * length];
        var targets = new long[rows.Count * length];
        var queryOwners = new long[rows.Count * length];
        var regions = new GroundingLoss.PairsBuilder(length);
        var questionRegions = new GroundingLoss.PairsBuilder(length);
        var questionReads = new GroundingLoss.PairsBuilder(length);
        var questionRecalls = new GroundingLoss.PairsBuilder(length);
        Array.Fill(ids, tokenizer.PadId);
        Array.Fill(targets, Ignore);
        Array.Fill(queryOwners, -1L);
        for (int b = 0; b < rows.Count; b++)
        {
            var (row, readFrom, _, _, queryOwner, spelled, reads, recalls) = rows[b];
            Array.Copy(row, 0, ids, b * length, row.Length);
            foreach (var (t, owner) in queryOwner) queryOwners[b * length + t] = owner;
            foreach (var (t, cells) in spelled) questionRegions.Add(b * length + t, cells);
            foreach (var (t, cells) in reads) questionReads.Add(b * length + t, cells);
            foreach (var (t, naming) in recalls) questionRecalls.Add(b * length + t, naming);
            // Position t predicts token t+1: targets are the answer tokens, shifted left by one.
            for (int t = 0; t < row.Length - 1; t++)
                if (readFrom[t + 1] is { } keys)
                {
                    targets[b * length + t] = row[t + 1];
                    regions.Add(b * length + t, keys);
                }
        }
        // A materialized list: TorchSharp's stack reads handles, so the tensors must stay referenced during the call.
        var perImage = conversations.Select(c => images.Preprocess(c.Sample.Rgb, c.Sample.Width, c.Sample.Height).ToTensor()).ToList();
        var pixels = stack(perImage);
        foreach (var t in perImage) t.Dispose();
        return new CaptionBatch(pixels, tensor(ids).view(rows.Count, length), tensor(targets).view(rows.Count, length), regions.Build(),
            rows.Select(r => r.Evidence).ToArray(), rows.Sum(r => (long)r.Placeholders), tensor(queryOwners).view(rows.Count, length),
            questionRegions.Build(), questionReads.Build(), questionRecalls.Build());
    }

    /// <summary>
    /// Where each answer token (then the closing &lt;/s&gt;) is read from. A text answer written one glyph per cell over
    /// one or more single-row regions (a field value, a line, a bar's value, a run of lines joined by spaces) reads
    /// token k from its k-th glyph cell, and a joining space from the first cell of the line it leads into; any other
    /// answer, and the &lt;/s&gt;, reads from the whole region (none for a count of zero).
    /// </summary>
    static IEnumerable<int[]> AnswerCells(FamilyQuestion turn, int answerTokens)
    {
        var region = turn.Regions.SelectMany(CellGrid.CellIndices).ToArray();
        var lines = turn.Regions.Select(r => CellGrid.CellIndices(r).ToArray()).ToArray();
        bool glyphPerToken = turn.Regions.All(r => r.Height == CellGrid.CellSize) && region.Length + lines.Length - 1 == answerTokens;
        if (!glyphPerToken)
        {
            for (int k = 0; k < answerTokens; k++) yield return region;
        }
        else
            foreach (var (line, i) in lines.Select((l, i) => (l, i)))
            {
                if (i > 0) yield return [line[0]];
                foreach (int cell in line) yield return [cell];
            }
        yield return region;
    }

    /// <summary>
    /// Cross-entropy averaged over each sample's answer tokens, then over samples: a 16-character
    /// transcription counts as much as a one-word answer instead of drowning it.
    /// </summary>
    public static Tensor PerSampleLoss(Tensor logits, Tensor targets) // logits [B, L, V], targets [B, L]
    {
        var perToken = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.view(-1),
            ignore_index: Ignore, reduction: nn.Reduction.None).view(targets.shape);  // [B, L]
        var counted = targets.ne(Ignore).to(perToken.dtype);
        return ((perToken * counted).sum(1) / counted.sum(1).clamp_min(1)).mean();
    }
}

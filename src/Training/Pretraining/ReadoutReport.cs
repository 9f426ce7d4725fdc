using System.Text;
using AsymVLM.Data.Benchmark;
using AsymVLM.Inference.Model.Text;
using AsymVLM.Inference.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Training.Pretraining;

/// <summary>
/// Where a reference VLM's reading breaks, on held-out synthetic samples with teacher-forced answers. Four
/// measurements per task: does each decoder layer's attention from a text answer's k-th predicting position
/// land on the k-th glyph cell (look)? Does the position predicting the answer's first token attend to the part its
/// answer belongs to, the field, bar or line the question names, rather than to the other parts (find)? Do the image
/// tokens entering each layer still show their glyph, as the nearest token embedding by cosine (keep)? Is the next
/// answer token predicted right (read)?
/// </summary>
public static class ReadoutReport
{
    public sealed record TaskRow(string Task, int Samples, double[] CellMass, double[] CellArgmax, double[] GlyphKept, double NextToken,
        double[] OwnPartMass, double[] OtherPartsMass);

    public static List<TaskRow> Measure(Vlm vlm, int seed, int limit)
    {
        var model = vlm.Model;
        // Glyph cells are located on one view's patch grid; AnyRes views would be read as if they were that one view.
        if (model.Config.IsAnyRes)
            throw new NotSupportedException($"The readout report reads one view per sample; model_type '{model.Config.ModelType}' has AnyRes views.");
        int layers = model.Decoder.LayerCount;
        var embeddings = nn.functional.normalize(model.Decoder.EmbedTokens.weight!, dim: -1);
        var device = embeddings.device;
        var acc = new Dictionary<string, Accumulator>();
        using var noGrad = no_grad();
        for (int i = 0; i < limit; i++)
        {
            using var scope = NewDisposeScope();
            var sample = SyntheticBenchmark.Render(seed, i);
            var batch = CaptionBatch.From([(sample, [sample.Questions[0]])], vlm.Tokenizer, vlm.Format, vlm.Images.Processor);
            long length = batch.Ids.shape[1];
            var ids = batch.Ids.to(device);
            var image = model.EncodeImage(batch.Pixels.to(embeddings.dtype, device)).Tokens;
            var hidden = model.ScatterImageTokens(ids, model.EmbedTokens(ids), image, batch.ImagePlaceholders);
            var ctx = model.Decoder.Context(arange(length, device: device).unsqueeze(0), hidden.dtype,
                new AttentionCapture(Enumerable.Range(0, layers).ToHashSet(), 0, length));
            var glyphs = GlyphCells(sample, vlm);
            var imagePositions = ids[0].eq(model.Config.ImageTokenIndex).nonzero().squeeze(1); // [N]: each image token's sequence position
            var glyphPositions = imagePositions.index(tensor(glyphs.Cells, device: device)); // [G]
            var a = acc.TryGetValue(sample.Sample.Task, out var known) ? known : acc[sample.Sample.Task] = new Accumulator(layers);
            for (int l = 0; l < layers; l++)
            {
                if (glyphs.Cells.Length > 0)
                {
                    var nearest = nn.functional.normalize(hidden[0].index(glyphPositions), dim: -1).matmul(embeddings.t()).argmax(-1).cpu().data<long>().ToArray();
                    a.GlyphKept[l] += nearest.Zip(glyphs.Ids, (p, t) => p == t ? 1 : 0).Sum();
                }
                hidden = model.Decoder.RunLayers(hidden, ctx, l, l + 1);
            }
            a.GlyphCells += glyphs.Cells.Length;
            var targets = batch.Targets[0].data<long>().ToArray(); // built on the host
            if (PartCells(sample) is { } parts)
            {
                // The position that predicts the answer's first token: where a question must already have found its part.
                int first = Array.FindIndex(targets, t => t != CaptionBatch.Ignore);
                var rows = stack(Enumerable.Range(0, layers).Select(l => ctx.Captured[l][0, first]).ToArray()); // [layers, S]
                // One read for every layer: [2, layers] masses on the own part and on the others.
                var masses = stack([rows.index_select(1, imagePositions.index(tensor(parts.Own, device: device))).sum(1),
                    rows.index_select(1, imagePositions.index(tensor(parts.Others, device: device))).sum(1)]).to(float32).cpu().data<float>().ToArray();
                for (int l = 0; l < layers; l++)
                {
                    a.OwnPartMass[l] += masses[l];
                    a.OtherPartsMass[l] += masses[layers + l];
                }
                a.PartQuestions++;
            }
            var predicted = model.Logits(hidden)[0].argmax(-1).cpu().data<long>().ToArray();
            var answerPositions = Enumerable.Range(0, (int)length).Where(t => targets[t] != CaptionBatch.Ignore).ToArray();
            a.NextTokenRight += answerPositions.Count(t => predicted[t] == targets[t]);
            a.AnswerTokens += answerPositions.Length;
            a.Samples++;
            // Glyph-per-token pairs: one key per query (the whole-region pairs of other answers have several).
            var pairs = batch.Regions;
            var single = Enumerable.Range(0, pairs.Key.Length).GroupBy(j => pairs.Group[j]).Where(g => g.Count() == 1).Select(g => g.Single()).ToArray();
            if (single.Length == 0) continue;
            var queries = tensor(single.Select(j => pairs.Query[j]).ToArray(), device: device);
            var keys = tensor(single.Select(j => pairs.Key[j]).ToArray(), device: device);
            for (int l = 0; l < layers; l++)
            {
                var rows = ctx.Captured[l][0].index(queries);                                   // [M, S]
                a.CellMass[l] += rows.gather(1, keys.unsqueeze(1)).sum().item<float>();
                a.CellArgmax[l] += rows.argmax(-1).eq(keys).sum().item<long>();
            }
            a.GlyphQueries += single.Length;
        }
        return acc.OrderBy(kv => kv.Key).Select(kv => kv.Value.Row(kv.Key)).ToList();
    }

    // Image cells that show one glyph, and that glyph's token id.
    static (long[] Cells, long[] Ids) GlyphCells(RenderedSample sample, Vlm vlm)
    {
        var cells = Enumerable.Range(0, sample.CellLabels.Count).Where(c => sample.CellLabels[c] is { Length: 1 } label && label != " ").ToArray();
        return (cells.Select(c => (long)c).ToArray(), cells.Select(c => (long)vlm.Tokenizer.Encode(sample.CellLabels[c]!).Single()).ToArray());
    }

    /// <summary>
    /// The cells of the part (form field, chart bar, text line) the sample's answer is read from, and those of the other
    /// parts of that kind (null where the answer belongs to no part, as in scenes): a question must find its own part
    /// among them before it can read the answer, e.g. the bar its letter names and not the bar next to it.
    /// </summary>
    public static (long[] Own, long[] Others)? PartCells(RenderedSample sample)
    {
        var answerCell = sample.Sample.Regions.SelectMany(CellGrid.CellIndices).Cast<int?>().FirstOrDefault(c => sample.CellOwners[c!.Value] is not null);
        if (answerCell is null) return null;
        string owner = sample.CellOwners[answerCell.Value]!, kind = CellOwners.KindOf(owner);
        var cells = Enumerable.Range(0, sample.CellOwners.Count).Where(c => sample.CellOwners[c] is { } o && CellOwners.KindOf(o) == kind).ToArray();
        return (cells.Where(c => sample.CellOwners[c] == owner).Select(c => (long)c).ToArray(),
                cells.Where(c => sample.CellOwners[c] != owner).Select(c => (long)c).ToArray());
    }

    sealed class Accumulator(int layers)
    {
        public readonly double[] CellMass = new double[layers], CellArgmax = new double[layers], GlyphKept = new double[layers];
        public readonly double[] OwnPartMass = new double[layers], OtherPartsMass = new double[layers];
        public int Samples, GlyphQueries, GlyphCells, AnswerTokens, NextTokenRight, PartQuestions;

        public TaskRow Row(string task) => new(task, Samples,
            CellMass.Select(x => Ratio(x, GlyphQueries)).ToArray(), CellArgmax.Select(x => Ratio(x, GlyphQueries)).ToArray(),
            GlyphKept.Select(x => Ratio(x, GlyphCells)).ToArray(), Ratio(NextTokenRight, AnswerTokens),
            OwnPartMass.Select(x => Ratio(x, PartQuestions)).ToArray(), OtherPartsMass.Select(x => Ratio(x, PartQuestions)).ToArray());

        static double Ratio(double x, int n) => n == 0 ? double.NaN : x / n;
    }

    public static string Markdown(IReadOnlyList<TaskRow> rows)
    {
        int layers = rows[0].CellMass.Length;
        string header = "| task | n | " + string.Join(" | ", Enumerable.Range(0, layers).Select(l => $"layer {l}")) + " |\n|---|---|" +
                        string.Concat(Enumerable.Repeat("---|", layers)) + "\n";
        string Table(string title, Func<TaskRow, double[]> values) =>
            $"{title}\n\n{header}" + string.Concat(rows.Where(r => !double.IsNaN(values(r)[0]))
                .Select(r => $"| {r.Task} | {r.Samples} | " + string.Join(" | ", values(r).Select(v => $"{v:P1}")) + " |\n")) + "\n";
        var md = new StringBuilder();
        md.Append(Table("Look: attention mass from a text answer's k-th predicting position on its k-th glyph cell", r => r.CellMass));
        md.Append(Table("Look: share of those positions whose most-attended key is that cell", r => r.CellArgmax));
        md.Append(Table("Keep: glyph cells whose image token, entering the layer, is nearest (cosine) to its glyph's token embedding", r => r.GlyphKept));
        md.Append(Table("Find: attention mass from the position predicting the answer's first token on the cells of the part its answer belongs to (the field, bar or line the question names)", r => r.OwnPartMass));
        md.Append(Table("Find: the same position's attention mass on the cells of the other parts of that kind (the other fields, bars or lines)", r => r.OtherPartsMass));
        md.Append("Read: teacher-forced next-token accuracy on answer tokens (and </s>)\n\n| task | n | accuracy |\n|---|---|---|\n");
        md.Append(string.Concat(rows.Select(r => $"| {r.Task} | {r.Samples} | {r.NextToken:P1} |\n")));
        return md.ToString();
    }
}

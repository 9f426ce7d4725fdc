using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Benchmarks;

/// <summary>
/// Measured LM prefill time at several keep ratios against the unpruned prefill, in one run on the same
/// samples, beside the ideal ratio from token counts ((T + rV) / (T + V)) and the scorer's share of
/// the time before the first token. On an AnyRes model every image_newline is kept at each ratio, so its ideal is
/// (T + L + r P) / (T + L + P) for L newlines and P patches. Beside them, the ratio one decoder layer's GEMMs alone take
/// at the row's token count against the unpruned one (<see cref="DecoderGemmTimer"/>): the speed-up this BLAS allows.
/// </summary>
public sealed class PrefillBenchmark(AsymPipeline pipeline, string selector, Vlm vlm)
{
    public sealed record Row(double Keep, double PrefillMs, double ScorerMs, double EncodeMs, double Ratio, double IdealRatio, int PrefillTokens, int VisionTokens,
        double GemmRatio)
    {
        public double ScorerShare => ScorerMs / (EncodeMs + ScorerMs + PrefillMs);
        /// <summary>Achieved speed-up as a fraction of the ideal one.</summary>
        public double OfIdeal => IdealRatio / Ratio;
        /// <summary>Achieved speed-up as a fraction of the one the decoder's GEMMs reach at these token counts.</summary>
        public double OfGemm => GemmRatio / Ratio;
    }

    public IReadOnlyList<Row> Run(IReadOnlyList<(ImagePixels Pixels, string Question)> samples, IReadOnlyList<double> keeps, int repeats)
    {
        // Only the prefill is timed: every id stops generation, so the first token ends the request undecoded (a
        // random-weight model of real geometry may pick an id its benchmark tokenizer does not have).
        var one = new GenerationOptions { MaxNewTokens = 1, StopIds = Enumerable.Range(0, vlm.Model.Config.Text.VocabSize).ToHashSet() };
        foreach (var (pixels, question) in samples.Take(2)) pipeline.Ask(pixels, question, new RequestOptions { Generation = one }); // warm-up

        var rows = new List<Row>();
        Row? baseline = null;
        var weight = vlm.Model.Decoder.EmbedTokens.weight!;
        using var gemms = new DecoderGemmTimer(vlm.Model.Config.Text, weight.device, weight.dtype);
        double baselineGemm = 0;
        foreach (double keep in keeps.Prepend(1.0).Distinct())
        {
            var options = new RequestOptions
            {
                Selector = keep >= 1 ? "none" : selector, Budget = VisionBudget.OfRatio(keep), Generation = one,
            };
            var stats = Enumerable.Range(0, repeats).SelectMany(_ => samples.Select(s => pipeline.Ask(s.Pixels, s.Question, options).Stats)).ToList();
            double prefill = stats.Average(s => s.PrefillMs);
            int total = stats[0].VisionTokensTotal, text = stats[0].PrefillTokens - stats[0].VisionTokensKept;
            int newlines = stats[0].VisionTokensKept - stats[0].VisionBudget;   // kept beyond the budget: AnyRes newlines, else none
            int tokens = (int)stats.Average(s => s.PrefillTokens);
            double gemm = gemms.Seconds(tokens, Math.Max(3, repeats));
            if (baseline is null) baselineGemm = gemm;
            var row = new Row(keep, prefill, stats.Average(s => s.ScorerMs), stats.Average(s => s.EncodeMs),
                baseline is null ? 1 : prefill / baseline.PrefillMs,
                (text + newlines + keep * (total - newlines)) / (text + total), tokens, total, gemm / baselineGemm);
            baseline ??= row;
            rows.Add(row);
        }
        return rows;
    }
}

using AsymVLM.Inference.Model;
using AsymVLM.Inference.Scoring;
using AsymVLM.Inference.Selection;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>Held-out metrics of the learned head against its teacher: KL, rank correlation, recall of teacher mass at fixed keep ratios, budget error.</summary>
public sealed class HeadEvaluation
{
    readonly List<double> kl = [], spearman = [], budgetAbs = [], budgetLog = [];
    readonly Dictionary<double, List<double>> recall = SelectionMetrics.KeepRatios.ToDictionary(r => r, _ => new List<double>());

    /// <param name="layout">the dataset's AnyRes layout (null: the one grid the head was distilled on)</param>
    public static HeadEvaluation Learned(ImportanceHead head, TeacherTargets data, LlavaModel teacher, VisionLayout? layout = null, int batch = 64)
    {
        head.eval();
        using var noGrad = no_grad();
        var result = new HeadEvaluation();
        for (long start = 0; start < data.Count; start += batch)
        {
            using var scope = NewDisposeScope();
            var rows = arange(start, Math.Min(start + batch, data.Count));
            var (vision, question, mask) = HeadInputs.For(data, rows, teacher);
            var output = head.Forward(vision, question, mask, layout);
            var scores = output.Scores.to(float32).cpu();
            long n = scores.shape[1];
            for (int i = 0; i < rows.shape[0]; i++)
            {
                var p = data.Distribution[rows[i]].data<float>().ToArray();
                var s = scores[i].data<float>().ToArray();
                result.kl.Add(SelectionMetrics.Kl(p, s));
                result.spearman.Add(SelectionMetrics.Spearman(p, s));
                foreach (var ratio in SelectionMetrics.KeepRatios)
                    result.recall[ratio].Add(SelectionMetrics.RecallOfTop(p, s, SelectionMetrics.KeepCount(ratio, (int)n)));
                double predicted = Math.Exp(output.LogKeepFraction[i].item<float>()) * n;
                double target = data.Budget[rows[i]].item<long>();
                result.budgetAbs.Add(Math.Abs(predicted - target));
                result.budgetLog.Add(Math.Abs(Math.Log(predicted / target)));
            }
        }
        return result;
    }

    /// <summary>Recall of a question-agnostic selector, for comparison: it sees the vision tokens and the encoder's CLS attention, not the question.</summary>
    /// <param name="layout">where the cached patches lie</param>
    public static Dictionary<double, double> BaselineRecall(TeacherTargets data, IVisionSelector selector, VisionLayout layout)
    {
        long n = data.Distribution.shape[1];
        bool hasEncoder = data.HasEncoderAttention;
        if (selector is EncoderAttentionSelector or VisionZipSelector && !hasEncoder)
            throw new NotSupportedException($"Baseline '{selector.Name}' ranks by the encoder's CLS attention, which these teacher targets do not hold " +
                "(an AnyRes teacher packs it on towers with a CLS token only; a SigLIP tower has none).");
        IEnumerable<long> Select(int row, int k)
        {
            using var scope = NewDisposeScope();
            var input = new SelectionInput(data.VisionTokens[row].to(float32), zeros(1, data.VisionTokens.shape[2]), hasEncoder ? data.EncoderAttention[row] : null, layout);
            return selector.Select(input, k).Indices;
        }
        return SelectionMetrics.KeepRatios.ToDictionary(r => r, r => Enumerable.Range(0, (int)data.Count).Average(row =>
            SelectionMetrics.Recall(data.Distribution[row].data<float>().ToArray(), Select(row, SelectionMetrics.KeepCount(r, (int)n)))));
    }

    public Dictionary<double, double> Recall => recall.ToDictionary(kv => kv.Key, kv => kv.Value.Average());

    public Dictionary<string, double> Summary()
    {
        var summary = new Dictionary<string, double>
        {
            ["kl"] = kl.Average(), ["spearman"] = spearman.Average(),
            ["budget_abs_error_tokens"] = budgetAbs.Average(), ["budget_abs_log_error"] = budgetLog.Average(),
        };
        foreach (var (ratio, values) in recall) summary[$"recall@{ratio:0.00}"] = values.Average();
        return summary;
    }
}

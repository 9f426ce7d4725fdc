using System.Text;
using AsymVLM.Data.Images;
using AsymVLM.Inference.Cost;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Scoring;
using AsymVLM.Inference.Selection;
using Spectre.Console;
using static TorchSharp.torch;

namespace AsymVLM.Training.Distillation;

/// <summary>
/// The final held-out table: recall of teacher attention mass at fixed keep ratios for the learned head
/// and the question-agnostic selectors (random, uniform grid, encoder CLS attention), plus the head's
/// KL, rank correlation, budget error and its FLOPs as a share of the VLM's prefill. Targets without encoder attention
/// (an AnyRes teacher on a SigLIP tower, which has no CLS token) have no CLS attention baseline.
/// </summary>
public sealed record HeldOutReport(Dictionary<string, Dictionary<double, double>> Recall, Dictionary<string, double> Learned, double HeadFlopsRatio)
{
    /// <param name="anyRes">the dataset's AnyRes layout; null for one view</param>
    public static HeldOutReport Build(HeadDistillation distillation, TeacherTargets val, Vlm teacher, int seed, AnyResLayout? anyRes = null)
    {
        var layout = anyRes is null ? null : VisionLayout.AnyRes(anyRes);
        var learned = HeadEvaluation.Learned(distillation.Head, val, teacher.Model, layout);
        var config = teacher.Model.Config;
        int grid = config.Vision.GridSize;
        var recall = new Dictionary<string, Dictionary<double, double>> { [LearnedSelector.MethodName] = learned.Recall };
        IVisionSelector[] baselines = val.HasEncoderAttention
            ? [new RandomSelector(seed), new UniformGridSelector(), new EncoderAttentionSelector()]
            : [new RandomSelector(seed), new UniformGridSelector()];
        foreach (var selector in baselines)
            recall[selector.Name] = HeadEvaluation.BaselineRecall(val, selector, layout ?? VisionLayout.Grid(grid, grid));

        double questionTokens = Enumerable.Range(0, (int)val.Count).Average(r => val.QuestionIds[r].ge(0).sum().item<long>());
        return new HeldOutReport(recall, learned.Summary(), HeadFlopsShare(distillation.Head, config, anyRes, (int)Math.Round(questionTokens)));
    }

    /// <summary>
    /// The head's FLOPs over the unpruned VLM's encoder and prefill, for one sample of <paramref name="questionTokens"/>
    /// question tokens. AnyRes: the head scores the patches, the tower encodes every view (the base view and each tile),
    /// and the prompt holds every image token, newlines included.
    /// </summary>
    /// <param name="anyRes">the dataset's AnyRes layout; null for one view</param>
    public static double HeadFlopsShare(ImportanceHead head, LlavaConfig config, AnyResLayout? anyRes, int questionTokens)
    {
        var flops = new FlopCounter(config);
        var layout = anyRes is null ? null : VisionLayout.AnyRes(anyRes);
        long promptTokens = (layout?.TokenCount ?? config.ImageTokenCount) + questionTokens + 3;
        long encoder = flops.VisionEncoder() * (anyRes?.Views ?? 1);
        return (double)head.Flops(layout?.PatchCount ?? config.ImageTokenCount, questionTokens) / (encoder + flops.Prefill(promptTokens));
    }

    public void Print()
    {
        var table = new Table().Title("Held-out recall of teacher attention mass");
        table.AddColumn("selector");
        foreach (var r in SelectionMetrics.KeepRatios) table.AddColumn($"keep {r:P0}");
        foreach (var (name, byRatio) in Recall)
            table.AddRow([name, .. SelectionMetrics.KeepRatios.Select(r => $"{byRatio[r]:P1}")]);
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(string.Join("  ", Learned.Select(kv => $"{kv.Key}={kv.Value:F3}")) + $"  head_flops/prefill={HeadFlopsRatio:P2}");
    }

    public void Save(string path)
    {
        var md = new StringBuilder("| selector | " + string.Join(" | ", SelectionMetrics.KeepRatios.Select(r => $"keep {r:P0}")) + " |\n");
        md.Append("|---|" + string.Concat(SelectionMetrics.KeepRatios.Select(_ => "---|")) + "\n");
        foreach (var (name, byRatio) in Recall)
            md.Append($"| {name} | " + string.Join(" | ", SelectionMetrics.KeepRatios.Select(r => $"{byRatio[r]:P1}")) + " |\n");
        md.Append("\n" + string.Join("\n", Learned.Select(kv => $"- {kv.Key}: {kv.Value:F4}")) + $"\n- head FLOPs / prefill FLOPs: {HeadFlopsRatio:P2}\n");
        File.WriteAllText(path, md.ToString());
    }
}

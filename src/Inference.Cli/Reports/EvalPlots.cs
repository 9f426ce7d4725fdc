using AsymVLM.Inference.Evaluation;
using ScottPlot;

namespace AsymVLM.Inference.Cli.Reports;

/// <summary>Accuracy against kept vision tokens per selector, and against the text budget per eviction policy.</summary>
public static class EvalPlots
{
    public static void AccuracyVsTokens(string path, IReadOnlyList<ResultRow> rows, string family = ResultTable.Overall)
    {
        var plot = new Plot();
        var baseline = rows.FirstOrDefault(r => r.Family == family && r.Selector == "none" && r.TextPolicy == "none");
        foreach (var group in rows.Where(r => r.Family == family && r.TextPolicy == "none" && r.Selector != "none").GroupBy(r => r.Selector))
        {
            var points = group.Where(r => r.Keep != "adaptive").OrderBy(r => r.VisionTokensKept).ToList();
            if (baseline is not null) points.Add(baseline);
            var line = plot.Add.ScatterLine(points.Select(r => r.VisionTokensKept).ToArray(), points.Select(r => 100 * r.Accuracy).ToArray());
            line.LegendText = group.Key;
            line.MarkerSize = 7;
            foreach (var adaptive in group.Where(r => r.Keep == "adaptive"))
                plot.Add.Marker(adaptive.VisionTokensKept, 100 * adaptive.Accuracy, MarkerShape.FilledDiamond, 12).LegendText = "learned (adaptive)";
        }
        Finish(plot, path, $"Accuracy vs kept vision tokens ({family})", "vision tokens kept (mean)", "accuracy (%)");
    }

    public static void AccuracyVsTextBudget(string path, IReadOnlyList<ResultRow> rows, string family)
    {
        var plot = new Plot();
        var full = rows.FirstOrDefault(r => r.Family == family && r.Selector == "none" && r.Keep == "1" && r.TextPolicy == "none");
        foreach (var group in rows.Where(r => r.Family == family && r.Selector == "none" && r.TextPolicy != "none").GroupBy(r => r.TextPolicy))
        {
            var points = group.OrderBy(r => r.TextBudget).ToList();
            var line = plot.Add.ScatterLine(points.Select(r => (double)r.TextBudget).ToArray(), points.Select(r => 100 * r.Accuracy).ToArray());
            line.LegendText = group.Key;
            line.MarkerSize = 7;
        }
        if (full is not null) plot.Add.HorizontalLine(100 * full.Accuracy).LegendText = "full cache";
        Finish(plot, path, $"Accuracy vs text KV budget ({family})", "text entries kept", "accuracy (%)");
    }

    static void Finish(Plot plot, string path, string title, string x, string y)
    {
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 560);
    }
}

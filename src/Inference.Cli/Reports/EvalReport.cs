using AsymVLM.Inference.Evaluation;
using AsymVLM.Inference.Model;

namespace AsymVLM.Inference.Cli.Reports;

/// <summary>Everything an eval run leaves in its output folder: results.jsonl, table.md, table.csv, answers.jsonl and the three plots.</summary>
public static class EvalReport
{
    /// <summary>Where text eviction matters most, longest answers first: the family the text-budget plot shows.</summary>
    static readonly string[] LongAnswerFamilies = ["transcription", "reading"];

    /// <param name="model">the model the outcomes come from (where its kept indices lie in each image)</param>
    public static void Write(string dir, IReadOnlyList<SampleOutcome> outcomes, IReadOnlyList<ResultRow> rows, LlavaModel model)
    {
        ResultWriter.Write(dir, rows);
        AnswerLog.Write(dir, outcomes);
        EvalPlots.AccuracyVsTokens(Path.Combine(dir, "accuracy_vs_tokens.png"), rows);
        EvalPlots.AccuracyVsTextBudget(Path.Combine(dir, "accuracy_vs_text_budget.png"), rows,
            LongAnswerFamilies.FirstOrDefault(f => rows.Any(r => r.Family == f)) ?? ResultTable.Overall);
        KeptPatchGrid.Write(Path.Combine(dir, "kept_patches.png"), outcomes, model);
    }
}

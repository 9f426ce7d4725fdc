namespace AsymVLM.Inference.Evaluation;

/// <summary>Everything an eval run leaves in its output folder: results.jsonl, table.md, table.csv and the three plots.</summary>
public static class EvalReport
{
    public const string ReadingFamily = "reading";

    /// <param name="grid">patches per side of the model's input (KeptIndices are row-major over it)</param>
    public static void Write(string dir, IReadOnlyList<SampleOutcome> outcomes, IReadOnlyList<ResultRow> rows, int grid)
    {
        ResultWriter.Write(dir, rows);
        EvalPlots.AccuracyVsTokens(Path.Combine(dir, "accuracy_vs_tokens.png"), rows);
        // Text eviction matters most where answers are long (the benchmark's reading family).
        EvalPlots.AccuracyVsTextBudget(Path.Combine(dir, "accuracy_vs_text_budget.png"), rows,
            rows.Any(r => r.Family == ReadingFamily) ? ReadingFamily : ResultTable.Overall);
        KeptPatchGrid.Write(Path.Combine(dir, "kept_patches.png"), outcomes, grid);
    }
}

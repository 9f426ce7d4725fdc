namespace AsymVLM.Inference.Evaluation;

/// <summary>
/// One configuration on one family (or "overall"): the row of results.jsonl and of the tables. <see cref="EditSimilarity"/>
/// is the mean character-level similarity, the partial credit of long answers.
/// </summary>
public sealed record ResultRow(
    string Selector, string Keep, string TextPolicy, int TextBudget, string Family, int N,
    double Accuracy, double AccuracyCiLow, double AccuracyCiHigh, double AccuracyRetained,
    double VisionTokensKept, double PrefillFlops, double DecodeFlops, double TotalFlops, double FlopsSaved,
    double PrefillMs, double Speedup, double KvBytesPeak, double EditSimilarity = double.NaN);

namespace AsymVLM.Data.Datasets;

/// <summary>
/// Which columns of an HF-datasets Parquet file hold what. Each role lists candidate names, first present wins, so
/// the defaults read lmms-lab TextVQA (question_id/question/answers), DocVQA (questionId/question/answers) and
/// ChartQA (question/answer, or HuggingFaceM4's query/label) unchanged.
/// </summary>
public sealed record ParquetColumnMapping
{
    /// <summary>An HF Image struct {bytes, path} or a plain binary column of encoded image bytes.</summary>
    public IReadOnlyList<string> Image { get; init; } = ["image"];

    public IReadOnlyList<string> Question { get; init; } = ["question", "query"];

    /// <summary>Either a list of strings (all references) or a single string.</summary>
    public IReadOnlyList<string> Answers { get; init; } = ["answers", "answer", "label"];

    /// <summary>Optional: without any of these the id is "{file name}:{row}".</summary>
    public IReadOnlyList<string> Id { get; init; } = ["question_id", "questionId", "id"];
}

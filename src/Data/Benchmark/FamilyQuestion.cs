namespace AsymVLM.Data.Benchmark;

/// <summary>
/// A question about a drawing with its answer and the pixel boxes that hold the answer. <see cref="Evidence"/> holds
/// the other boxes a reader needs to find the answer (a form's key, a bar's label and bar); empty where the answer's
/// own region says where it is.
/// </summary>
public sealed record FamilyQuestion(string Task, string Question, string Answer, IReadOnlyList<Box> Regions)
{
    public IReadOnlyList<Box> Evidence { get; init; } = [];
}

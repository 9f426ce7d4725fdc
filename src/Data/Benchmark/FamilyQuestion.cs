namespace AsymVLM.Data.Benchmark;

/// <summary>A question about a drawing with its answer and the pixel boxes that hold the answer.</summary>
public sealed record FamilyQuestion(string Task, string Question, string Answer, IReadOnlyList<Box> Regions);

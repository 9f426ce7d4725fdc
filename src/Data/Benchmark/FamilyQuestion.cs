namespace AsymVLM.Data.Benchmark;

/// <summary>What a family generator returns after drawing: the question asked about the drawing.</summary>
internal sealed record FamilyQuestion(string Task, string Question, string Answer, IReadOnlyList<Box> Regions);

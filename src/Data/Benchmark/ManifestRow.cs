using System.Text.Json.Serialization;

namespace AsymVLM.Data.Benchmark;

/// <summary>
/// The JSON shape of one manifest line. Every field is nullable so that a missing one can be reported
/// by name; regions are written as <c>[[x, y, width, height], ...]</c> in pixels.
/// </summary>
internal sealed class ManifestRow
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("image")] public string? Image { get; set; }
    [JsonPropertyName("question")] public string? Question { get; set; }
    [JsonPropertyName("answer")] public string? Answer { get; set; }
    [JsonPropertyName("family")] public string? Family { get; set; }
    [JsonPropertyName("task")] public string? Task { get; set; }
    [JsonPropertyName("regions")] public int[][]? Regions { get; set; }

    public static ManifestRow From(BenchmarkSample sample) => new()
    {
        Id = sample.Id,
        Image = sample.Image,
        Question = sample.Question,
        Answer = sample.Answer,
        Family = sample.Family,
        Task = sample.Task,
        Regions = sample.Regions.Select(b => new[] { b.X, b.Y, b.Width, b.Height }).ToArray(),
    };
}

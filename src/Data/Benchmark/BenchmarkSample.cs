namespace AsymVLM.Data.Benchmark;

/// <summary>
/// One manifest row: a question about one image with its ground-truth answer and the pixel boxes
/// that hold the evidence for that answer. <see cref="Image"/> is relative to the manifest's folder.
/// <see cref="Regions"/> is empty only where no single place holds the answer (a count of zero).
/// </summary>
public sealed record BenchmarkSample(
    string Id,
    string Image,
    string Question,
    string Answer,
    string Family,
    string Task,
    IReadOnlyList<Box> Regions)
{
    // Records compare lists by reference; a sample read back from a manifest must equal the one written.
    public bool Equals(BenchmarkSample? other) =>
        other is not null
        && Id == other.Id && Image == other.Image && Question == other.Question && Answer == other.Answer
        && Family == other.Family && Task == other.Task
        && Regions.SequenceEqual(other.Regions);

    public override int GetHashCode() => HashCode.Combine(Id, Image, Question, Answer, Family, Task, Regions.Count);
}

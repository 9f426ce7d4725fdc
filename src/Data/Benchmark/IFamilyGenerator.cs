namespace AsymVLM.Data.Benchmark;

/// <summary>
/// Draws one image of a family onto a background-filled canvas and poses the questions it answers: the first
/// is the sample's question (the one the manifest holds), the rest are every other question of the family's
/// templates that the drawing answers, listed without drawing from the random stream (so adding them changes
/// no sample). Pretraining asks them all in one conversation per image.
/// </summary>
internal interface IFamilyGenerator
{
    string Family { get; }

    IReadOnlyList<FamilyQuestion> Draw(Canvas canvas, SampleStyle style, SampleRandom rng);
}

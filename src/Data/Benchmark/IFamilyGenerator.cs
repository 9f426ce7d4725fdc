namespace AsymVLM.Data.Benchmark;

/// <summary>Draws one image of a family onto a background-filled canvas and poses one question about it.</summary>
internal interface IFamilyGenerator
{
    string Family { get; }

    FamilyQuestion Draw(Canvas canvas, SampleStyle style, SampleRandom rng);
}

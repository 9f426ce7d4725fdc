namespace AsymVLM.Data.Benchmark;

/// <summary>
/// A sample's colours: a light background and dark ink, drawn per sample so that the model cannot key
/// on one exact colour, yet always far apart (each background channel >= 200, each ink channel &lt;= 80).
/// </summary>
internal readonly record struct SampleStyle(Rgb Background, Rgb Ink)
{
    public static SampleStyle Draw(SampleRandom rng) => new(
        new Rgb((byte)rng.Next(200, 256), (byte)rng.Next(200, 256), (byte)rng.Next(200, 256)),
        new Rgb((byte)rng.Next(0, 81), (byte)rng.Next(0, 81), (byte)rng.Next(0, 81)));
}

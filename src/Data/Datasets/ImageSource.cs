using AsymVLM.Data.Images;

namespace AsymVLM.Data.Datasets;

/// <summary>Where an evaluation item's image comes from: a file, or encoded bytes held in memory (Parquet rows).</summary>
public abstract record ImageSource
{
    /// <summary>Names the image in errors and logs.</summary>
    public abstract string Description { get; }

    public abstract RgbImage Decode();
}

using AsymVLM.Data.Images;

namespace AsymVLM.Data.Datasets;

/// <summary>Where an evaluation item's image comes from: a file, or encoded bytes held in memory (Parquet rows).</summary>
public abstract record ImageSource
{
    /// <summary>Names the image in errors and logs.</summary>
    public abstract string Description { get; }

    public abstract RgbImage Decode();
}

public sealed record ImageFile(string Path) : ImageSource
{
    public override string Description => Path;

    public override RgbImage Decode() => ImageDecoder.DecodeFile(Path);
}

/// <summary>PNG/JPEG bytes, e.g. the "bytes" of an HF datasets Image column.</summary>
public sealed record EncodedImage(byte[] Bytes, string Origin) : ImageSource
{
    public override string Description => Origin;

    public override RgbImage Decode() => ImageDecoder.Decode(Bytes, Origin);
}

using AsymVLM.Data.Images;

namespace AsymVLM.Data.Datasets;

/// <summary>PNG/JPEG bytes, e.g. the "bytes" of an HF datasets Image column.</summary>
public sealed record EncodedImage(byte[] Bytes, string Origin) : ImageSource
{
    public override string Description => Origin;

    public override RgbImage Decode() => ImageDecoder.Decode(Bytes, Origin);
}

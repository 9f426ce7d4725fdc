using AsymVLM.Data.Images;

namespace AsymVLM.Data.Datasets;

/// <summary>An image file on disk, decoded when needed.</summary>
public sealed record ImageFile(string Path) : ImageSource
{
    public override string Description => Path;

    public override RgbImage Decode() => ImageDecoder.DecodeFile(Path);
}

using AsymVLM.Data.Images;

namespace AsymVLM.Inference.Engine;

/// <summary>
/// The image of a request: an encoded file (PNG, JPEG and the other formats stb_image reads) given as a path, bytes or
/// a stream, or pixels already decoded. It is decoded as <c>ask --image</c> decodes, size limits included.
/// </summary>
public sealed class ImageSource
{
    readonly Func<RgbImage> decode;

    ImageSource(string name, Func<RgbImage> decode)
    {
        Name = name;
        this.decode = decode;
    }

    /// <summary>Names the image in errors.</summary>
    public string Name { get; }

    public static ImageSource FromFile(string path) => new(path, () => ImageDecoder.DecodeFile(path));

    /// <param name="name">names the image in errors, e.g. "request 12's image"</param>
    public static ImageSource FromBytes(byte[] encoded, string name = "image bytes")
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return new(name, () => ImageDecoder.Decode(encoded, name));
    }

    /// <summary>Reads the stream to its end now, so the caller may close it once this returns.</summary>
    public static ImageSource FromStream(Stream stream, string name = "image stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return FromBytes(copy.ToArray(), name);
    }

    public static ImageSource FromRgbImage(RgbImage image, string name = "RGB image")
    {
        ArgumentNullException.ThrowIfNull(image);
        return new(name, () => image);
    }

    /// <exception cref="InvalidDataException">the bytes are no image, or one past <see cref="ImageLimits"/></exception>
    /// <exception cref="FileNotFoundException">the path names no file</exception>
    public RgbImage Decode() => decode();

    public override string ToString() => Name;
}

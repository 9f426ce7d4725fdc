using StbImageSharp;

namespace AsymVLM.Data.Images;

/// <summary>
/// Decodes PNG and JPEG (and the other formats stb_image reads) to <see cref="RgbImage"/>. Grey is replicated to
/// three channels and alpha is dropped, as PIL's <c>convert("RGB")</c> does. The declared size is checked against
/// <see cref="ImageLimits"/> before any pixel is decoded.
/// </summary>
public static class ImageDecoder
{
    public static RgbImage DecodeFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Image '{path}' does not exist.", path);
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <param name="source">Names the image in errors: a file path, or a dataset row such as "data.parquet row 12".</param>
    public static RgbImage Decode(byte[] encoded, string source)
    {
        if (encoded.Length == 0)
            throw new InvalidDataException($"Image '{source}' is empty.");
        var (width, height) = DeclaredSize(encoded, source);
        ImageLimits.Check(width, height, source);
        ImageResult result;
        try
        {
            result = ImageResult.FromMemory(encoded, ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Undecodable(source, e);
        }
        return new RgbImage(result.Width, result.Height, result.Data);
    }

    /// <summary>The width and height in the file's header, read without decoding any pixel.</summary>
    static (int Width, int Height) DeclaredSize(byte[] encoded, string source)
    {
        ImageInfo? info;
        try
        {
            info = ImageInfo.FromStream(new MemoryStream(encoded, writable: false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Undecodable(source, e);
        }
        return info is { } known
            ? (known.Width, known.Height)
            : throw new InvalidDataException($"Image '{source}' could not be decoded as PNG/JPEG: unknown format, corrupt header, or over stb_image's 2^30-byte limit.");
    }

    // stb_image reports unknown formats as InvalidOperationException, but corrupt data inside a known format can
    // surface as other exceptions from the decoder's internals; all of them mean "this file is bad".
    static InvalidDataException Undecodable(string source, Exception e) =>
        new($"Image '{source}' could not be decoded as PNG/JPEG: {e.Message}", e);
}

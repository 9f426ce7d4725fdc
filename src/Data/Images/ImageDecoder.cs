using StbImageSharp;

namespace AsymVLM.Data.Images;

/// <summary>
/// Decodes PNG and JPEG (and the other formats stb_image reads) to <see cref="RgbImage"/>. Grey is replicated to
/// three channels and alpha is dropped, as PIL's <c>convert("RGB")</c> does.
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
        ImageResult result;
        try
        {
            result = ImageResult.FromMemory(encoded, ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // stb_image reports unknown formats as InvalidOperationException, but corrupt data inside a known format can
            // surface as other exceptions from the decoder's internals; all of them mean "this file is bad".
            throw new InvalidDataException($"Image '{source}' could not be decoded as PNG/JPEG: {e.Message}", e);
        }
        return new RgbImage(result.Width, result.Height, result.Data);
    }
}

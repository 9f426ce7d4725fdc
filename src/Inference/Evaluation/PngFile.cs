using StbImageWriteSharp;

namespace AsymVLM.Inference.Evaluation;

public static class PngFile
{
    public static void Write(string path, byte[] rgb, int width, int height)
    {
        using var stream = File.Create(path);
        new ImageWriter().WritePng(rgb, width, height, ColorComponents.RedGreenBlue, stream);
    }
}

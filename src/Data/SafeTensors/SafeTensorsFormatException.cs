namespace AsymVLM.Data.SafeTensors;

/// <summary>
/// A safetensors file (or a sharded checkpoint's index) that breaks the format. The message names the
/// file and, where one is at fault, the tensor. An <see cref="IOException"/> because the bytes on disk are
/// at fault (<see cref="InvalidDataException"/>, the closer fit, is sealed).
/// </summary>
public sealed class SafeTensorsFormatException : IOException
{
    public SafeTensorsFormatException(string filePath, string problem, string? tensorName = null, Exception? inner = null)
        : base(Describe(filePath, problem, tensorName), inner)
    {
        FilePath = filePath;
        TensorName = tensorName;
    }

    public string FilePath { get; }

    public string? TensorName { get; }

    static string Describe(string filePath, string problem, string? tensorName) =>
        tensorName is null
            ? $"'{filePath}': {problem}"
            : $"'{filePath}', tensor '{tensorName}': {problem}";
}

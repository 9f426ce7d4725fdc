namespace AsymVLM.Inference.Model;

/// <summary>
/// Range checks for config.json values, run before anything is allocated from them. The limits are far above
/// any real model (Llama-3-405B: 126 layers, hidden 16384, intermediate 53248, vocab 128256) and there only to
/// turn a typo such as num_hidden_layers 100000 into an error instead of an allocation.
/// </summary>
public static class ConfigChecks
{
    public const int MaxLayers = 1024;
    public const int MaxDimension = 1 << 20;
    public const long MaxParameterCount = 1_000_000_000_000;
    /// <summary>Keeps the patch count (image_size / patch_size)^2 far inside an int.</summary>
    public const int MaxImageSize = 8192;

    /// <summary>A size, head count or vocabulary size: 1..<see cref="MaxDimension"/>.</summary>
    public static void Size(string file, string key, int value) => InRange(file, key, value, MaxDimension);

    /// <summary>A layer count: 1..<see cref="MaxLayers"/>.</summary>
    public static void Layers(string file, string key, int value) => InRange(file, key, value, MaxLayers);

    /// <summary>The vision tower's input side: 1..<see cref="MaxImageSize"/>.</summary>
    public static void ImageSize(string file, string key, int value) => InRange(file, key, value, MaxImageSize);

    /// <summary>An epsilon or RoPE base: finite and above zero.</summary>
    public static void PositiveFinite(string file, string key, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new InvalidDataException($"{file}: {key} is {value}; it must be a finite number above 0.");
    }

    public static void Divisible(string file, string key, int value, string divisorKey, int divisor)
    {
        if (value % divisor != 0)
            throw new InvalidDataException($"{file}: {key} ({value}) must be a multiple of {divisorKey} ({divisor}).");
    }

    static void InRange(string file, string key, int value, int max)
    {
        if (value < 1 || value > max)
            throw new InvalidDataException($"{file}: {key} is {value}; it must be between 1 and {max}.");
    }
}

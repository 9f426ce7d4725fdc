using System.Text.Json;

namespace AsymVLM.Data.Images;

/// <summary>
/// HF <c>preprocessor_config.json</c> of a CLIP-style image processor. Absent keys take CLIPImageProcessor's defaults, or
/// SiglipImageProcessor's or LlavaOnevisionImageProcessor's when <c>image_processor_type</c> names it
/// (<see cref="SiglipDefaults"/>, <see cref="OnevisionDefaults"/>).
/// <c>do_convert_rgb</c> is implied: <see cref="ImageDecoder"/> always yields RGB.
/// </summary>
public sealed record PreprocessorConfig
{
    public const string FileName = "preprocessor_config.json";

    /// <summary>The smallest image_std accepted: dividing by less would overflow float32 pixel values.</summary>
    private const double MinStd = 1e-6;
    public static readonly double[] OpenAiClipMean = [0.48145466, 0.4578275, 0.40821073];
    public static readonly double[] OpenAiClipStd = [0.26862954, 0.26130258, 0.27577711];

    /// <summary>SiglipImageProcessor's defaults: a plain resize to 224 x 224, no crop, mean and std 0.5.</summary>
    public static readonly PreprocessorConfig SiglipDefaults = new()
    {
        ShortestEdge = null, ResizeHeight = 224, ResizeWidth = 224, DoCenterCrop = false,
        ImageMean = [0.5, 0.5, 0.5], ImageStd = [0.5, 0.5, 0.5],
    };

    /// <summary>
    /// LlavaOnevisionImageProcessor's defaults for each AnyRes view: a plain resize to 384 x 384, no crop (the class keeps
    /// CLIP's mean and std; the hub checkpoints state SigLIP's 0.5).
    /// </summary>
    public static readonly PreprocessorConfig OnevisionDefaults = new()
    {
        ShortestEdge = null, ResizeHeight = 384, ResizeWidth = 384, DoCenterCrop = false,
    };

    public bool DoResize { get; init; } = true;

    /// <summary>Resize so the shorter side equals this, keeping the aspect ratio; null when <see cref="ResizeHeight"/>/<see cref="ResizeWidth"/> are set.</summary>
    public int? ShortestEdge { get; init; } = 224;

    public int? ResizeHeight { get; init; }
    public int? ResizeWidth { get; init; }
    public PilResampling Resample { get; init; } = PilResampling.Bicubic;
    public bool DoCenterCrop { get; init; } = true;
    public int CropHeight { get; init; } = 224;
    public int CropWidth { get; init; } = 224;
    public bool DoRescale { get; init; } = true;
    public double RescaleFactor { get; init; } = 1.0 / 255;
    public bool DoNormalize { get; init; } = true;
    public IReadOnlyList<double> ImageMean { get; init; } = OpenAiClipMean;
    public IReadOnlyList<double> ImageStd { get; init; } = OpenAiClipStd;

    public static PreprocessorConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Preprocessor config '{path}' does not exist.", path);
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {e.Message}", e);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"'{path}' must hold a JSON object, found {root.ValueKind}.");
        return new Reader(root, path).Read();
    }

    /// <summary>
    /// Checks that every image comes out <paramref name="imageSize"/> pixels square, the input the vision tower's
    /// position embeddings are sized for. <paramref name="path"/> names this config in errors,
    /// <paramref name="imageSizeKey"/> where the model's side comes from (e.g. "config.json vision_config.image_size").
    /// </summary>
    public void CheckProducesSquare(int imageSize, string path, string imageSizeKey)
    {
        if (DoCenterCrop)
        {
            if (CropHeight != imageSize || CropWidth != imageSize)
                throw new InvalidDataException(
                    $"'{path}': crop_size {CropHeight}x{CropWidth} differs from {imageSizeKey} {imageSize}; the model needs {imageSize}x{imageSize} images.");
        }
        else if (DoResize && ResizeHeight is int height && ResizeWidth is int width)
        {
            if (height != imageSize || width != imageSize)
                throw new InvalidDataException(
                    $"'{path}': size {height}x{width} (no center crop) differs from {imageSizeKey} {imageSize}; the model needs {imageSize}x{imageSize} images.");
        }
        else
        {
            throw new InvalidDataException(
                $"'{path}': without do_center_crop or a fixed size {{height, width}}, images keep their own shape; {imageSizeKey} {imageSize} needs {imageSize}x{imageSize} images.");
        }
    }

    /// <summary>Reads one config file; every error names the file and key.</summary>
    private sealed class Reader(JsonElement root, string path)
    {
        public PreprocessorConfig Read()
        {
            var defaults = ReadProcessorType() switch
            {
                "SiglipImageProcessor" or "SiglipImageProcessorFast" => SiglipDefaults,
                "LlavaOnevisionImageProcessor" or "LlavaOnevisionImageProcessorFast" => OnevisionDefaults,
                _ => new PreprocessorConfig(),
            };
            (int? shortest, int? height, int? width) = ReadSize(defaults);
            (int cropHeight, int cropWidth) = ReadCropSize(defaults);
            var config = new PreprocessorConfig
            {
                DoResize = Bool("do_resize") ?? defaults.DoResize,
                ShortestEdge = shortest,
                ResizeHeight = height,
                ResizeWidth = width,
                Resample = ReadResample() ?? defaults.Resample,
                DoCenterCrop = Bool("do_center_crop") ?? defaults.DoCenterCrop,
                CropHeight = cropHeight,
                CropWidth = cropWidth,
                DoRescale = Bool("do_rescale") ?? defaults.DoRescale,
                RescaleFactor = Number("rescale_factor") ?? defaults.RescaleFactor,
                DoNormalize = Bool("do_normalize") ?? defaults.DoNormalize,
                ImageMean = Triple("image_mean") ?? defaults.ImageMean,
                ImageStd = Triple("image_std") ?? defaults.ImageStd,
            };
            // Pixel values are float32: bounds that keep them finite (HF's rescale is 1/255, means and stds are below 1).
            if (!(config.RescaleFactor > 0 && config.RescaleFactor <= 1))
                throw Bad("rescale_factor", $"must be above 0 and at most 1, found {config.RescaleFactor}");
            if (config.ImageMean.Any(m => !(Math.Abs(m) <= 255)))
                throw Bad("image_mean", $"must hold numbers within [-255, 255], found [{string.Join(", ", config.ImageMean)}]");
            // Normalizing divides by std: 0 gives infinities, a negative one flips the image.
            if (config.ImageStd.Any(s => !(s >= MinStd && s <= 255)))
                throw Bad("image_std", $"must hold numbers within [{MinStd}, 255], found [{string.Join(", ", config.ImageStd)}]");
            return config;
        }

        /// <summary>"size": {"shortest_edge": n} | {"height": h, "width": w} | n (CLIP reads a bare int as shortest edge).</summary>
        // Only the processor's defaults depend on it: every processor this reads works the same way.
        private string? ReadProcessorType()
        {
            if (!root.TryGetProperty("image_processor_type", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                return null;
            return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Bad("image_processor_type", $"must be a string, found {value}");
        }

        private (int? Shortest, int? Height, int? Width) ReadSize(PreprocessorConfig defaults)
        {
            if (!root.TryGetProperty("size", out JsonElement size) || size.ValueKind == JsonValueKind.Null)
                return (defaults.ShortestEdge, defaults.ResizeHeight, defaults.ResizeWidth);
            if (size.ValueKind == JsonValueKind.Number)
                return (PositiveInt(size, "size"), null, null);
            if (size.ValueKind == JsonValueKind.Object)
            {
                if (size.TryGetProperty("shortest_edge", out JsonElement edge))
                    return (PositiveInt(edge, "size.shortest_edge"), null, null);
                if (size.TryGetProperty("height", out JsonElement h) && size.TryGetProperty("width", out JsonElement w))
                    return (null, PositiveInt(h, "size.height"), PositiveInt(w, "size.width"));
            }
            throw Bad("size", "must be an integer, {\"shortest_edge\": n} or {\"height\": h, \"width\": w}");
        }

        /// <summary>"crop_size": {"height": h, "width": w} | n.</summary>
        private (int Height, int Width) ReadCropSize(PreprocessorConfig defaults)
        {
            if (!root.TryGetProperty("crop_size", out JsonElement crop) || crop.ValueKind == JsonValueKind.Null)
                return (defaults.CropHeight, defaults.CropWidth);
            if (crop.ValueKind == JsonValueKind.Number)
            {
                int side = PositiveInt(crop, "crop_size");
                return (side, side);
            }
            if (crop.ValueKind == JsonValueKind.Object && crop.TryGetProperty("height", out JsonElement h) && crop.TryGetProperty("width", out JsonElement w))
                return (PositiveInt(h, "crop_size.height"), PositiveInt(w, "crop_size.width"));
            throw Bad("crop_size", "must be an integer or {\"height\": h, \"width\": w}");
        }

        private PilResampling? ReadResample()
        {
            if (!root.TryGetProperty("resample", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int code) || code is < 1 or > 5)
                throw Bad("resample", $"must be a PIL filter code 1-5 (1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming), found {value}");
            return (PilResampling)code;
        }

        private bool? Bool(string key)
        {
            if (!root.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                return null;
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Bad(key, $"must be true or false, found {value}"),
            };
        }

        private double? Number(string key)
        {
            if (!root.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                return null;
            return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Bad(key, $"must be a number, found {value}");
        }

        private double[]? Triple(string key)
        {
            if (!root.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 3 || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
                throw Bad(key, $"must be a list of 3 numbers (R, G, B), found {value}");
            return value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        }

        // Sizes are resize and crop targets; beyond the largest image accepted they only allocate.
        private int PositiveInt(JsonElement value, string key) =>
            value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) && n > 0 && n <= ImageLimits.MaxSide
                ? n
                : throw Bad(key, $"must be an integer from 1 to {ImageLimits.MaxSide}, found {value}");

        private InvalidDataException Bad(string key, string problem) => new($"'{path}': \"{key}\" {problem}.");
    }
}

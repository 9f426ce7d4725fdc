using AsymVLM.Data.Images;
using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// The <c>logits</c> command's inputs file, checked against the model before it runs: an id outside the
/// vocabulary would abort the process inside libtorch's embedding lookup instead of raising an error.
/// </summary>
public sealed record LogitsInputs(Tensor Ids, Tensor Pixels, IReadOnlyList<(int Height, int Width)>? ImageSizes) : IDisposable
{
    public const string InputIds = "input_ids";
    public const string PixelValues = "pixel_values";
    public const string ImageSizesName = "image_sizes";

    /// <summary>
    /// input_ids (integer [B, L], converted to int64) and pixel_values (float, in the compute dtype): [B, 3, S, S], or
    /// for LLaVA-NeXT [B, views, 3, S, S] with image_sizes (integer [B, 2], each image's height and width), as HF's
    /// processors produce them.
    /// </summary>
    public static LogitsInputs Read(string path, LlavaConfig config, ScalarType dtype, Device device)
    {
        using var file = SafeTensorsFile.Open(path);
        var ids = Info(file, path, InputIds, DTypeKind.Integer, rank: 2);
        var pixels = Info(file, path, PixelValues, DTypeKind.Float, rank: config.IsAnyRes ? 5 : 4);
        int side = config.Vision.ImageSize;
        var view = pixels.Shape[^3..];
        if (view[0] != 3 || view[1] != side || view[2] != side)
            throw new InvalidDataException(
                $"{path}: {PixelValues} has shape [{string.Join(", ", pixels.Shape)}]; the model takes [B, {(config.IsAnyRes ? "views, " : "")}3, {side}, {side}].");
        var sizes = config.IsAnyRes ? ReadImageSizes(file, path, pixels.Shape[0]) : null;

        using var scope = NewDisposeScope();
        var idValues = file.Read(InputIds, ScalarType.Int64);
        if (idValues.numel() > 0)
        {
            long min = idValues.min().item<long>(), max = idValues.max().item<long>();
            int vocab = config.Text.VocabSize;
            if (min < 0 || max >= vocab)
                throw new InvalidDataException(
                    $"{path}: {InputIds} holds id {(min < 0 ? min : max)}, outside the vocabulary [0, {vocab}) of text_config.vocab_size.");
        }
        return new LogitsInputs(idValues.MoveToOuterDisposeScope(), // host ids: FullLogits counts them there
             file.Read(PixelValues, dtype, device).MoveToOuterDisposeScope(), sizes);
    }

    static (int Height, int Width)[] ReadImageSizes(SafeTensorsFile file, string path, long images)
    {
        var info = Info(file, path, ImageSizesName, DTypeKind.Integer, rank: 2);
        if (info.Shape[0] != images || info.Shape[1] != 2)
            throw new InvalidDataException($"{path}: {ImageSizesName} has shape [{string.Join(", ", info.Shape)}]; expected [{images}, 2] (height, width per image).");
        using var sizes = file.Read(ImageSizesName, ScalarType.Int64);
        var values = sizes.data<long>().ToArray();
        return Enumerable.Range(0, (int)images).Select(i => (values[2 * i], values[2 * i + 1]) is var (h, w) && h is >= 1 and <= ImageLimits.MaxSide && w is >= 1 and <= ImageLimits.MaxSide
            ? ((int)h, (int)w)
            : throw new InvalidDataException($"{path}: {ImageSizesName} row {i} is ({values[2 * i]}, {values[2 * i + 1]}); sides must be 1 to {ImageLimits.MaxSide}.")).ToArray();
    }

    public void Dispose()
    {
        Ids.Dispose();
        Pixels.Dispose();
    }

    static TensorInfo Info(SafeTensorsFile file, string path, string name, DTypeKind kind, int rank)
    {
        if (!file.Contains(name)) throw new InvalidDataException($"{path}: missing tensor '{name}'.");
        var info = file.Info(name);
        if (info.Kind != kind)
            throw new InvalidDataException($"{path}: tensor '{name}' is {info.DType}; expected a {kind.ToString().ToLowerInvariant()} dtype.");
        if (info.Shape.Length != rank)
            throw new InvalidDataException($"{path}: tensor '{name}' has shape [{string.Join(", ", info.Shape)}]; expected {rank} dimensions.");
        return info;
    }
}

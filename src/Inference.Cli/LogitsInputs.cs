using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Cli;

/// <summary>
/// The <c>logits</c> command's inputs file, checked against the model before it runs: an id outside the
/// vocabulary would abort the process inside libtorch's embedding lookup instead of raising an error.
/// </summary>
public sealed record LogitsInputs(Tensor Ids, Tensor Pixels) : IDisposable
{
    public const string InputIds = "input_ids";
    public const string PixelValues = "pixel_values";

    /// <summary>input_ids (integer [B, L], converted to int64) and pixel_values (float [B, 3, S, S], in the compute dtype).</summary>
    public static LogitsInputs Read(string path, LlavaConfig config, ScalarType dtype, Device device)
    {
        using var file = SafeTensorsFile.Open(path);
        var ids = Info(file, path, InputIds, DTypeKind.Integer, rank: 2);
        var pixels = Info(file, path, PixelValues, DTypeKind.Float, rank: 4);
        int side = config.Vision.ImageSize;
        if (pixels.Shape[1] != 3 || pixels.Shape[2] != side || pixels.Shape[3] != side)
            throw new InvalidDataException(
                $"{path}: {PixelValues} has shape [{string.Join(", ", pixels.Shape)}]; the model takes [B, 3, {side}, {side}].");

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
        return new LogitsInputs(idValues.to(device).MoveToOuterDisposeScope(), file.Read(PixelValues, dtype, device).MoveToOuterDisposeScope());
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

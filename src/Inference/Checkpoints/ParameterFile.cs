using AsymVLM.Data.SafeTensors;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Checkpoints;

/// <summary>
/// A small module's parameters in one safetensors file, by parameter name (readable by Python's safetensors): the
/// importance head's scorer weights, the pretraining-only owner probe.
/// </summary>
public static class ParameterFile
{
    public static void Save(string path, nn.Module module, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensorsWriter.Save(path, module.named_parameters().Select(p => new KeyValuePair<string, Tensor>(p.name, p.parameter.detach())), metadata);

    /// <summary>Copies every parameter of <paramref name="module"/> from the file; a missing tensor or another shape is an error naming both.</summary>
    public static void Load(string path, nn.Module module)
    {
        using var file = SafeTensorsFile.Open(path);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (!file.Contains(name)) throw new InvalidDataException($"{path}: missing tensor '{name}'.");
            using var value = file.Read(name, parameter.dtype);
            if (!value.shape.SequenceEqual(parameter.shape))
                throw new InvalidDataException($"{path}: tensor '{name}' has shape [{string.Join(", ", value.shape)}], expected [{string.Join(", ", parameter.shape)}].");
            parameter.copy_(value);
        }
    }
}

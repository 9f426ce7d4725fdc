using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Checkpoints;

/// <summary>Copies a checkpoint's tensors into a model's parameters, checking names, shapes and dtype kinds both ways.</summary>
public static class ModelWeights
{
    const string TiedHead = "language_model.lm_head.weight";

    public static void Load(LlavaModel model, string dir, ScalarType dtype, Device device)
    {
        using var checkpoint = CheckpointTensors.Open(dir);
        var sources = Match(model.Config, checkpoint, dir);
        Copy(model, checkpoint, sources, dtype, device);
    }

    /// <summary>
    /// Checks the checkpoint's headers against the parameters the config implies, before any model exists,
    /// and returns each parameter's tensor name in the checkpoint. Every missing, unexpected, mis-shaped or
    /// non-float tensor is listed in one <see cref="InvalidDataException"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Match(LlavaConfig config, CheckpointTensors checkpoint, string dir)
    {
        var byCanonical = new Dictionary<string, string>();
        foreach (var name in checkpoint.Names)
        {
            var canonical = WeightNames.Canonical(name);
            if (!byCanonical.TryAdd(canonical, name))
                throw new InvalidDataException($"{dir}: tensors '{byCanonical[canonical]}' and '{name}' are the same weight in two layouts.");
        }

        var sources = new Dictionary<string, string>();
        var missing = new List<string>();
        var misshapen = new List<string>();
        var wrongKind = new List<string>();
        foreach (var (name, shape) in LlavaParameterShapes.Of(config))
        {
            if (!byCanonical.Remove(name, out var source)) { missing.Add(name); continue; }
            var info = checkpoint.Info(source);
            if (!info.Shape.SequenceEqual(shape))
                misshapen.Add($"'{source}' is [{string.Join(", ", info.Shape)}], the config implies [{string.Join(", ", shape)}]");
            // Every parameter is floating point; an integer or bool tensor would be converted into nonsense.
            if (info.Kind != DTypeKind.Float)
                wrongKind.Add($"'{source}' is {info.DType}, the parameter is floating point");
            sources.Add(name, source);
        }
        if (config.Text.TieWordEmbeddings) byCanonical.Remove(TiedHead); // harmless duplicate some tied checkpoints still store
        var unexpected = byCanonical.Where(kv => !WeightNames.IsIgnorable(kv.Key)).Select(kv => kv.Value).ToList();
        if (missing.Count + unexpected.Count + misshapen.Count + wrongKind.Count > 0)
            throw new InvalidDataException($"{dir}: checkpoint does not match config.json. " +
                $"Missing ({missing.Count}): {Sample(missing)}. Unexpected ({unexpected.Count}): {Sample(unexpected)}. " +
                $"Wrong shape ({misshapen.Count}): {Sample(misshapen)}. Wrong dtype kind ({wrongKind.Count}): {Sample(wrongKind)}.");
        return sources;
    }

    /// <summary>Copies the tensors <see cref="Match"/> paired with the model's parameters, converting to the model's dtype and device.</summary>
    public static void Copy(LlavaModel model, CheckpointTensors checkpoint, IReadOnlyDictionary<string, string> sources,
                            ScalarType dtype, Device device)
    {
        bool tied = model.Config.Text.TieWordEmbeddings;
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                if (tied && name == TiedHead) continue; // shares embed_tokens.weight
                using var value = checkpoint.Read(sources[name], dtype, device);
                parameter.copy_(value);
            }
        }
    }

    /// <summary>The state to save: every parameter once (a tied head is stored only as embed_tokens).</summary>
    public static IEnumerable<KeyValuePair<string, Tensor>> ToSave(LlavaModel model) =>
        model.named_parameters()
            .Where(p => !(model.Config.Text.TieWordEmbeddings && p.name == TiedHead))
            .Select(p => new KeyValuePair<string, Tensor>(p.name, p.parameter.detach()));

    static string Sample(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Take(8)) + (names.Count > 8 ? ", ..." : "");
}

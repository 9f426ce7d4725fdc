using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Model;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Checkpoints;

/// <summary>Copies a checkpoint's tensors into a model's parameters, checking names and shapes both ways.</summary>
public static class ModelWeights
{
    const string TiedHead = "language_model.lm_head.weight";

    public static void Load(LlavaModel model, string dir, ScalarType dtype, Device device)
    {
        using var checkpoint = CheckpointTensors.Open(dir);
        var sources = new Dictionary<string, string>();
        foreach (var name in checkpoint.Names)
        {
            var canonical = WeightNames.Canonical(name);
            if (!sources.TryAdd(canonical, name))
                throw new InvalidDataException($"{dir}: tensors '{sources[canonical]}' and '{name}' are the same weight in two layouts.");
        }

        bool tied = model.Config.Text.TieWordEmbeddings;
        var missing = new List<string>();
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                if (tied && name == TiedHead) continue; // shares embed_tokens.weight
                if (!sources.Remove(name, out var source)) { missing.Add(name); continue; }
                using var value = checkpoint.Read(source, dtype, device);
                if (!value.shape.SequenceEqual(parameter.shape))
                    throw new InvalidDataException(
                        $"{dir}: tensor '{source}' has shape [{string.Join(", ", value.shape)}], the config implies [{string.Join(", ", parameter.shape)}].");
                parameter.copy_(value);
            }
        }
        if (tied) sources.Remove(TiedHead); // harmless duplicate some tied checkpoints still store
        var unexpected = sources.Keys.Where(n => !WeightNames.IsIgnorable(n)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new InvalidDataException($"{dir}: checkpoint does not match config.json. " +
                $"Missing ({missing.Count}): {Sample(missing)}. Unexpected ({unexpected.Count}): {Sample(unexpected)}.");
    }

    /// <summary>The state to save: every parameter once (a tied head is stored only as embed_tokens).</summary>
    public static IEnumerable<KeyValuePair<string, Tensor>> ToSave(LlavaModel model) =>
        model.named_parameters()
            .Where(p => !(model.Config.Text.TieWordEmbeddings && p.name == TiedHead))
            .Select(p => new KeyValuePair<string, Tensor>(p.name, p.parameter.detach()));

    static string Sample(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Take(8)) + (names.Count > 8 ? ", ..." : "");
}

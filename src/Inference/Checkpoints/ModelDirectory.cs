using System.Text.Json.Nodes;
using AsymVLM.Data.SafeTensors;
using AsymVLM.Inference.Model;

namespace AsymVLM.Inference.Checkpoints;

/// <summary>Writes a model in HF layout: config.json + model.safetensors (tokenizer and preprocessor files are the caller's).</summary>
public static class ModelDirectory
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";

    public static void SaveModel(LlavaModel model, string dir)
    {
        Directory.CreateDirectory(dir);
        model.Config.Save(Path.Combine(dir, ConfigFile));
        SafeTensorsWriter.Save(Path.Combine(dir, WeightsFile), ModelWeights.ToSave(model),
            new Dictionary<string, string> { ["format"] = "pt" });
    }

    /// <summary>A CLIPImageProcessor config for square images already at the model's size (resize and crop are no-ops).</summary>
    public static void SavePreprocessorConfig(string dir, int imageSize, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        var json = new JsonObject
        {
            ["image_processor_type"] = "CLIPImageProcessor",
            ["do_resize"] = true, ["size"] = new JsonObject { ["shortest_edge"] = imageSize }, ["resample"] = 3,
            ["do_center_crop"] = true, ["crop_size"] = new JsonObject { ["height"] = imageSize, ["width"] = imageSize },
            ["do_rescale"] = true, ["rescale_factor"] = 1.0 / 255,
            ["do_normalize"] = true,
            ["image_mean"] = new JsonArray(mean.Select(m => (JsonNode)m).ToArray()),
            ["image_std"] = new JsonArray(std.Select(s => (JsonNode)s).ToArray()),
            ["do_convert_rgb"] = true,
        };
        File.WriteAllText(Path.Combine(dir, "preprocessor_config.json"), json.ToJsonString(new() { WriteIndented = true }));
    }
}

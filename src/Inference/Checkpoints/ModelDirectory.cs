using System.Text.Json.Nodes;
using AsymVLM.Data.Images;
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

    /// <summary>Writes preprocessor_config.json (HF CLIPImageProcessor keys, every one explicit).</summary>
    public static void SavePreprocessorConfig(string dir, PreprocessorConfig c)
    {
        var size = c.ShortestEdge is int edge
            ? new JsonObject { ["shortest_edge"] = edge }
            : new JsonObject { ["height"] = c.ResizeHeight, ["width"] = c.ResizeWidth };
        var json = new JsonObject
        {
            ["image_processor_type"] = "CLIPImageProcessor",
            ["do_resize"] = c.DoResize, ["size"] = size, ["resample"] = (int)c.Resample,
            ["do_center_crop"] = c.DoCenterCrop, ["crop_size"] = new JsonObject { ["height"] = c.CropHeight, ["width"] = c.CropWidth },
            ["do_rescale"] = c.DoRescale, ["rescale_factor"] = c.RescaleFactor,
            ["do_normalize"] = c.DoNormalize,
            ["image_mean"] = new JsonArray(c.ImageMean.Select(m => (JsonNode)m).ToArray()),
            ["image_std"] = new JsonArray(c.ImageStd.Select(s => (JsonNode)s).ToArray()),
            ["do_convert_rgb"] = true,
        };
        File.WriteAllText(Path.Combine(dir, PreprocessorConfig.FileName), json.ToJsonString(new() { WriteIndented = true }));
    }
}

using System.Text.Json;
using AsymVLM.Data.Prompting;
using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Checkpoints;

namespace AsymVLM.Inference.Pipeline;

/// <summary>Loads a model directory (HF layout) into a <see cref="Vlm"/>: weights, tokenizer, prompt format, image preprocessing, content hash.</summary>
public static class VlmLoader
{
    public static Vlm Load(string dir, ComputeTarget? target = null)
    {
        var model = ModelLoader.Load(dir, target ?? ComputeTarget.Default);
        var tokenizer = BenchmarkTokenizer.Load(dir);
        var format = new PlainPromptFormat(tokenizer, model.Config.ImageTokenIndex, model.Config.ImageTokenCount);
        return new Vlm(Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')), model, tokenizer, format, Images(dir, model.Config.Vision.ImageSize), ModelFingerprint.Compute(dir));
    }

    static ImageInput Images(string dir, int size)
    {
        var path = Path.Combine(dir, "preprocessor_config.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"{dir}: preprocessor_config.json not found.", path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        float[] Read(string key) => doc.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetSingle()).ToArray();
        return new ImageInput(size, Read("image_mean"), Read("image_std"));
    }
}

using AsymVLM.Data.Images;
using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;
using AsymVLM.Tests.Model;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Pipeline;

/// <summary>A complete tiny model directory in HF layout (config, weights, benchmark tokenizer, preprocessor) in a temporary folder.</summary>
public sealed class TinyModelDirectory : IDisposable
{
    /// <param name="config">the model (its vocabulary and image id are the tokenizer's); the tiny LLaVA when null</param>
    /// <param name="weights">changes the random weights before they are saved</param>
    public TinyModelDirectory(int seed = 0, LlavaConfig? config = null, Action<LlavaModel>? weights = null)
    {
        manual_seed(seed);
        var tokenizer = BenchmarkTokenizer.CreateDefault();
        config ??= TinyConfigs.Llava(featureLayer: -1);
        Config = config with { Text = config.Text with { VocabSize = tokenizer.VocabSize }, ImageTokenIndex = tokenizer.ImageId };
        using (var model = new LlavaModel(Config))
        {
            using (no_grad()) weights?.Invoke(model);
            ModelDirectory.SaveModel(model, Path);
        }
        tokenizer.Save(Path);
        ModelDirectory.SavePreprocessorConfig(Path, new PreprocessorConfig { ShortestEdge = 32, CropHeight = 32, CropWidth = 32 });
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("asymvlm-tiny-model-").FullName;

    public LlavaConfig Config { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

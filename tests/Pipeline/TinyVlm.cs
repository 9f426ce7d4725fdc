using AsymVLM.Data.Images;
using AsymVLM.Data.Prompting;
using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Tests.Model;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Pipeline;

/// <summary>A tiny random VLM with the benchmark tokenizer: 32x32 images, 16 vision tokens, a CLIP or SigLIP tower.</summary>
public static class TinyVlm
{
    public static readonly string[] Towers = [VisionConfig.Clip, VisionConfig.Siglip];

    public static Vlm Create(int seed = 0, string tower = VisionConfig.Clip)
    {
        manual_seed(seed);
        var tokenizer = BenchmarkTokenizer.CreateDefault();
        var config = TinyConfigs.WithTower(tower, featureLayer: -1);
        var model = new LlavaModel(config with { Text = config.Text with { VocabSize = tokenizer.VocabSize }, ImageTokenIndex = tokenizer.ImageId });
        model.eval();
        var format = new PlainPromptFormat(tokenizer, model.Config.ImageTokenIndex, model.Config.ImageTokenCount);
        return new Vlm("tiny", model, tokenizer, format, new ImageInput(new ClipImageProcessor(new PreprocessorConfig { ShortestEdge = 32, CropHeight = 32, CropWidth = 32 })), "tiny-hash");
    }

    public static Tensor Pixels(int seed) => randn([3, 32, 32], generator: new Generator((ulong)seed));
}

using AsymVLM.Data.Images;
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
        var tokenizer = TokenizerLoader.Load(dir);
        var preprocessor = PreprocessorConfig.Load(Path.Combine(dir, PreprocessorConfig.FileName));
        return new Vlm(Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')), model, tokenizer,
            Format(dir, tokenizer, model.Config.ImageTokenIndex, model.Config.ImageTokenCount),
            new ImageInput(new ClipImageProcessor(preprocessor)), ModelFingerprint.Compute(dir));
    }

    /// <summary>The reference VLM's plain format for the benchmark tokenizer; the checkpoint family's chat format otherwise.</summary>
    static IPromptFormat Format(string dir, ITokenizer tokenizer, int imageTokenId, int imageTokens)
    {
        if (tokenizer is BenchmarkTokenizer) return new PlainPromptFormat(tokenizer, imageTokenId, imageTokens);
        var config = TokenizerConfig.Load(dir);
        return new ChatPromptFormat(tokenizer, ChatTemplate.ForTokenizerClass(config.TokenizerClass), config.AddBosToken, imageTokens);
    }
}

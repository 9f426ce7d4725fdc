using AsymVLM.Data.Images;
using AsymVLM.Data.Prompting;
using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;

namespace AsymVLM.Inference.Pipeline;

/// <summary>Loads a model directory (HF layout) into a <see cref="Vlm"/>: weights, tokenizer, prompt format, image preprocessing, content hash.</summary>
public static class VlmLoader
{
    public static Vlm Load(string dir, ComputeTarget? target = null)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"Model directory not found: {dir}");
        // The files are checked against each other before the weights are loaded, so a mismatch fails fast.
        string configPath = Path.Combine(dir, ModelDirectory.ConfigFile);
        var config = LlavaConfig.Load(configPath);
        var tokenizer = TokenizerLoader.Load(dir);
        CheckVocabulary(tokenizer, config, dir, configPath);
        string preprocessorPath = Path.Combine(dir, PreprocessorConfig.FileName);
        var preprocessor = PreprocessorConfig.Load(preprocessorPath);
        preprocessor.CheckProducesSquare(config.Vision.ImageSize, preprocessorPath, $"'{configPath}' vision_config.image_size");

        var model = ModelLoader.Load(dir, target ?? ComputeTarget.Default);
        return new Vlm(Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')), model, tokenizer,
            Format(dir, tokenizer, model.Config),
            Images(config, new ClipImageProcessor(preprocessor)), ModelFingerprint.Compute(dir));
    }

    /// <summary>One view per image; LLaVA-NeXT and OneVision: the base view and the tiles of the image's best pinpoint, each processed as a view.</summary>
    static ImageInput Images(LlavaConfig config, ClipImageProcessor views) => config.IsAnyRes
        ? new ImageInput(views, new AnyResImageProcessor(views, config.ImageGridPinpoints, config.Vision.ImageSize, config.Vision.GridSize, config.MaxNumPatches))
        : new ImageInput(views);

    /// <summary>Every id the tokenizer can produce must index the embedding table, or generation aborts in native code.</summary>
    public static void CheckVocabulary(ITokenizer tokenizer, LlavaConfig config, string dir, string configPath)
    {
        if (tokenizer.VocabSize > config.Text.VocabSize)
            throw new InvalidDataException(
                $"{dir}: the tokenizer has {tokenizer.VocabSize} tokens, more than '{configPath}' text_config.vocab_size {config.Text.VocabSize}.");
    }

    /// <summary>
    /// The reference VLM's plain format for the benchmark tokenizer; the checkpoint family's chat format otherwise, chosen
    /// by its tokenizer_class and its decoder (<see cref="ChatTemplate.ForModel"/>).
    /// </summary>
    static IPromptFormat Format(string dir, ITokenizer tokenizer, LlavaConfig model)
    {
        if (tokenizer is BenchmarkTokenizer) return new PlainPromptFormat(tokenizer, model.ImageTokenIndex, model.ImageTokenCount);
        var config = TokenizerConfig.Load(dir);
        return new ChatPromptFormat(tokenizer, ChatTemplate.ForModel(config.TokenizerClass, model.Text.ModelType), config.AddBosToken, model.ImageTokenCount);
    }
}

using AsymVLM.Data.Images;
using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Checkpoints;
using AsymVLM.Inference.Model;
using AsymVLM.Inference.Pipeline;
using AsymVLM.Inference.Selection;
using AsymVLM.Tests.RealWorld.Fixtures;

namespace AsymVLM.Tests.Pipeline;

/// <summary>
/// LLaVA-1.6-Mistral declares Llama's tokenizer_class: a model directory whose text_config.model_type is mistral gets
/// Mistral's <c>[INST]</c> prompt, one whose decoder is Llama LLaVA-1.5's, with the same tokenizer.
/// </summary>
public class MistralChatTemplateTests
{
    [TestCase(TextConfig.Mistral)]
    [TestCase("llama")]
    public void TheLoadedPromptFollowsTheDecoderNotOnlyTheTokenizerClass(string decoderType)
    {
        using var dir = new TempDirectory();
        TokenizerFixtures.WriteLlama(dir);
        var tiny = TinyAnyRes.Config(VisionConfig.Clip);
        var config = tiny with
        {
            Text = tiny.Text with { ModelType = decoderType, VocabSize = TokenizerFixtures.LlamaPadId + 1 },
            ImageTokenIndex = TokenizerFixtures.LlamaImageId,
        };
        using (var model = new LlavaModel(config)) ModelDirectory.SaveModel(model, dir.Path);
        ModelDirectory.SavePreprocessorConfig(dir.Path, new PreprocessorConfig { ShortestEdge = 32, CropHeight = 32, CropWidth = 32 });
        Assume.That(TokenizerConfig.Load(dir.Path).TokenizerClass, Is.EqualTo("LlamaTokenizer"));

        var vlm = VlmLoader.Load(dir.Path, ComputeTarget.Cpu);
        int imageTokens = VisionLayout.AnyRes(vlm.Model.AnyResLayout(40, 90)).TokenCount;
        var ids = vlm.Format.Build("hello", imageTokens).Ids;
        vlm.Model.Dispose();

        var tokenizer = TokenizerLoader.Load(dir.Path);
        long[] Expected(ChatTemplate template) =>
            new PromptBuilder(tokenizer, template, addBos: true).BuildIds("hello", imageTokens).Select(id => (long)id).ToArray();
        var (expected, other) = decoderType == TextConfig.Mistral
            ? (Expected(new MistralInstructTemplate()), Expected(new LlavaV15ChatTemplate()))
            : (Expected(new LlavaV15ChatTemplate()), Expected(new MistralInstructTemplate()));
        Assert.That(ids, Is.EqualTo(expected));
        Assert.That(ids, Is.Not.EqualTo(other));
    }
}

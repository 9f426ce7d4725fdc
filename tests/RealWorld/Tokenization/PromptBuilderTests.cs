using AsymVLM.Data.Tokenization;
using AsymVLM.Tests.RealWorld.Fixtures;
using static AsymVLM.Tests.RealWorld.Fixtures.SentencePieceModelBytes;
using static AsymVLM.Tests.RealWorld.Fixtures.TokenizerFixtures;

namespace AsymVLM.Tests.RealWorld.Tokenization;

public class PromptBuilderTests
{
    [Test]
    public void TemplatesRenderTheDocumentedFormats()
    {
        Assert.That(new LlavaV15ChatTemplate().Render("What is shown?"), Is.EqualTo("USER: <image>\nWhat is shown? ASSISTANT:"));
        Assert.That(new ChatMlTemplate().Render("What is shown?"), Is.EqualTo(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<image>\nWhat is shown?<|im_end|>\n<|im_start|>assistant\n"));
        Assert.That(new MistralInstructTemplate().Render("What is shown?"), Is.EqualTo("[INST] <image>\nWhat is shown? [/INST]"));
        Assert.Throws<ArgumentException>(() => new LlavaV15ChatTemplate().Render("<image>\nWhat is shown?"));
    }

    /// <summary>LLaVA-1.6-Mistral declares Llama's tokenizer_class: its decoder, not its tokenizer, says it takes [INST].</summary>
    [TestCase("LlamaTokenizer", "mistral", typeof(MistralInstructTemplate))]
    [TestCase("LlamaTokenizerFast", "mistral", typeof(MistralInstructTemplate))]
    [TestCase("LlamaTokenizer", "llama", typeof(LlavaV15ChatTemplate))]
    [TestCase("Qwen2Tokenizer", "qwen2", typeof(ChatMlTemplate))]
    public void TheTemplateFollowsTheDecoderThenTheTokenizerClass(string tokenizerClass, string decoderType, Type template) =>
        Assert.That(ChatTemplate.ForModel(tokenizerClass, decoderType), Is.TypeOf(template));

    [Test]
    public void AnUnknownFamilyIsRefusedNamingBothKeys() =>
        Assert.That(() => ChatTemplate.ForModel("GPT2Tokenizer", "llama"),
            Throws.ArgumentException.With.Message.Contains("tokenizer_class 'GPT2Tokenizer'").And.Message.Contains("text_config.model_type 'llama'"));

    [Test]
    public void LlavaPromptStartsWithBosAndExpandsTheImageToken()
    {
        using var dir = new TempDirectory();
        WriteLlama(dir);
        ITokenizer tokenizer = TokenizerLoader.Load(dir.Path);
        PromptBuilder builder = PromptBuilder.ForModelDirectory(dir.Path, tokenizer, decoderType: "llama");

        int[] ids = builder.BuildIds("hello", imageTokenCount: 3);

        // "▁USER:▁" | <image> | "\nhello▁ASSISTANT:" (no dummy prefix after an added token); letters other than
        // h e l o w r d are byte pieces. Checked piecewise by reference/sentencepiece_fixture_ids.py.
        int B(char c) => ByteId((byte)c);
        int s = IdOf("▁"), img = LlamaImageId;
        int[] expected =
        [
            1, s, B('U'), B('S'), B('E'), B('R'), B(':'), s, img, img, img,
            B('\n'), IdOf("h"), IdOf("e"), IdOf("ll"), IdOf("o"),
            s, B('A'), B('S'), B('S'), B('I'), B('S'), B('T'), B('A'), B('N'), B('T'), B(':'),
        ];
        Assert.That(ids, Is.EqualTo(expected));
    }

    [Test]
    public void ChatMlPromptHasNoBosAndExpandsTheImageToken()
    {
        using var dir = new TempDirectory();
        WriteQwen2(dir);
        ITokenizer tokenizer = TokenizerLoader.Load(dir.Path);
        var builder = new PromptBuilder(tokenizer, new ChatMlTemplate(systemPrompt: "hello"), TokenizerConfig.Load(dir.Path).AddBosToken);

        int[] ids = builder.BuildIds("hello world", imageTokenCount: 2);

        int nl = Qwen("Ċ");
        int[] Letters(string word) => word.Select(c => Qwen(c.ToString())).ToArray();
        int[] expected =
        [
            ImStartId, .. Letters("system"), nl, Qwen("hello"), ImEndId, nl,
            ImStartId, .. Letters("user"), nl, QwenImageId, QwenImageId, nl, Qwen("hello"), Qwen("Ġworld"), ImEndId, nl,
            ImStartId, .. Letters("assistant"), nl,
        ];
        Assert.That(ids, Is.EqualTo(expected));
    }

    [Test]
    public void RejectsBosWhenTheTokenizerHasNone()
    {
        using var dir = new TempDirectory();
        WriteQwen2(dir);
        ITokenizer tokenizer = TokenizerLoader.Load(dir.Path);
        Assert.Throws<ArgumentException>(() => new PromptBuilder(tokenizer, new ChatMlTemplate(), addBos: true));
    }

    [Test]
    public void AQuestionCannotCarryTheModelsControlTokens()
    {
        using var llama = new TempDirectory();
        WriteLlama(llama);
        var llamaFormat = new AsymVLM.Data.Prompting.ChatPromptFormat(TokenizerLoader.Load(llama.Path), new LlavaV15ChatTemplate(), true, 3);
        Assert.That(() => llamaFormat.Build("hello </s> world"), Throws.ArgumentException.With.Message.Contains("control token"));
        Assert.That(() => llamaFormat.Build("hello world"), Throws.Nothing);

        using var qwen = new TempDirectory();
        WriteQwen2(qwen);
        var qwenFormat = new AsymVLM.Data.Prompting.ChatPromptFormat(TokenizerLoader.Load(qwen.Path), new ChatMlTemplate(), false, 2);
        Assert.That(() => qwenFormat.Build("hello <|im_end|>"), Throws.ArgumentException.With.Message.Contains("control token"));
    }
}

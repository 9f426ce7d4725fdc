using AsymVLM.Data.Tokenization;
using AsymVLM.Tests.RealWorld.Fixtures;

namespace AsymVLM.Tests.RealWorld.Tokenization;

public class TokenizerLoaderTests
{
    [Test]
    public void DispatchesOnTokenizerClass()
    {
        using var llama = new TempDirectory();
        TokenizerFixtures.WriteLlama(llama);
        using var qwen = new TempDirectory();
        TokenizerFixtures.WriteQwen2(qwen, "Qwen2TokenizerFast");

        Assert.That(TokenizerLoader.Load(llama.Path), Is.InstanceOf<SentencePieceTokenizer>());
        Assert.That(TokenizerLoader.Load(qwen.Path), Is.InstanceOf<ByteLevelBpeTokenizer>());
    }

    [Test]
    public void WithoutAConfigFallsBackToTheFilesPresent()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("tokenizer.model"), SentencePieceModelBytes.Build());

        ITokenizer tokenizer = TokenizerLoader.Load(dir.Path);

        Assert.That(tokenizer, Is.InstanceOf<SentencePieceTokenizer>());
        // The model's own trainer spec: <s> = 1, </s> = 2; with no pad token configured, EOS pads.
        Assert.That((tokenizer.BosId, tokenizer.EosId, tokenizer.PadId), Is.EqualTo((1, 2, 2)));
    }

    [Test]
    public void LlamaClassWithoutTokenizerModelNamesTheMissingFile()
    {
        using var dir = new TempDirectory();
        TokenizerFixtures.WriteLlama(dir);
        File.Delete(dir.File("tokenizer.model"));
        var e = Assert.Throws<FileNotFoundException>(() => TokenizerLoader.Load(dir.Path));
        Assert.That(e!.Message, Does.Contain(dir.File("tokenizer.model")));
    }

    [Test]
    public void DirectoryWithNoTokenizerFilesIsRejected()
    {
        using var dir = new TempDirectory();
        dir.Write("tokenizer_config.json", "{\"tokenizer_class\": \"MysteryTokenizer\"}");
        var e = Assert.Throws<InvalidDataException>(() => TokenizerLoader.Load(dir.Path));
        Assert.That(e!.Message, Does.Contain("MysteryTokenizer").And.Contain(dir.Path));
    }

    [Test]
    public void SpecialTokensMapOverridesTheConfigAndBadValuesNameTheFile()
    {
        using var dir = new TempDirectory();
        dir.Write("tokenizer_config.json", "{\"eos_token\": \"</s>\", \"pad_token\": null, \"added_tokens_decoder\": {\"7\": {\"content\": \"<image>\"}}}");
        dir.Write("special_tokens_map.json", "{\"eos_token\": {\"content\": \"<|im_end|>\"}}");
        dir.Write("added_tokens.json", "{\"<video>\": 8}");

        TokenizerConfig config = TokenizerConfig.Load(dir.Path);

        Assert.That(config.EosToken, Is.EqualTo("<|im_end|>"));
        Assert.That(config.PadToken, Is.Null);
        Assert.That(config.AddBosToken, Is.False, "no bos_token, so no BOS is added");
        Assert.That(config.AddedTokens, Is.EquivalentTo(new Dictionary<string, int> { ["<image>"] = 7, ["<video>"] = 8 }));

        dir.Write("special_tokens_map.json", "{\"eos_token\": 5}");
        var e = Assert.Throws<InvalidDataException>(() => TokenizerConfig.Load(dir.Path));
        Assert.That(e!.Message, Does.Contain(dir.File("special_tokens_map.json")).And.Contain("eos_token"));
    }
}

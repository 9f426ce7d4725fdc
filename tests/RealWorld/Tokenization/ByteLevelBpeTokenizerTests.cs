using AsymVLM.Data.Tokenization;
using AsymVLM.Tests.RealWorld.Fixtures;
using static AsymVLM.Tests.RealWorld.Fixtures.TokenizerFixtures;

namespace AsymVLM.Tests.RealWorld.Tokenization;

/// <summary>
/// Ids derived by hand from the fixture's merges.txt: GPT-2 byte-to-unicode (space = Ġ, newline = Ċ,
/// é = bytes C3 A9 = "Ã©"), then the lowest-ranked applicable merge first within each pre-token.
/// </summary>
public class ByteLevelBpeTokenizerTests
{
    private static (TempDirectory Dir, ITokenizer Tokenizer) LoadFixture(string tokenizerClass = "Qwen2Tokenizer")
    {
        var dir = new TempDirectory();
        WriteQwen2(dir, tokenizerClass);
        return (dir, TokenizerLoader.Load(dir.Path));
    }

    [Test]
    public void EncodesByMergeRankAndDecodesBack()
    {
        var (dir, tokenizer) = LoadFixture();
        using var _ = dir;
        // Pre-tokens "hello" and " world" = "Ġworld"; merges h e, l l, he ll, hell o / Ġ w, o r, Ġw or, Ġwor l, Ġworl d.
        int[] expected = [Qwen("hello"), Qwen("Ġworld")];
        Assert.That(expected, Is.EqualTo(new[] { 25, 30 }));
        Assert.That(tokenizer.Encode("hello world"), Is.EqualTo(expected));
        Assert.That(tokenizer.Decode(expected), Is.EqualTo("hello world"));
    }

    [Test]
    public void Qwen2SplitsDigitsOneByOneWhileGpt2KeepsRuns()
    {
        var (qwenDir, qwen) = LoadFixture();
        using var _ = qwenDir;
        var (gptDir, gpt2) = LoadFixture(tokenizerClass: "SomeOtherTokenizer");
        using var __ = gptDir;

        // Qwen2: "a" | " " | "1" | "2" | "\n" (the merge "1 2" never sees both digits).
        int[] qwenIds = [Qwen("a"), Qwen("Ġ"), Qwen("1"), Qwen("2"), Qwen("Ċ")];
        Assert.That(qwen.Encode("a 12\n"), Is.EqualTo(qwenIds));
        // GPT-2 fallback: "a" | " 12" | "\n".
        Assert.That(gpt2, Is.InstanceOf<ByteLevelBpeTokenizer>());
        Assert.That(gpt2.Encode("a 12\n"), Is.EqualTo(new[] { Qwen("a"), Qwen("Ġ"), Qwen("12"), Qwen("Ċ") }));
        Assert.That(qwen.Decode(qwenIds), Is.EqualTo("a 12\n"));
    }

    [Test]
    public void MultiByteCharactersUseByteLevelSymbolsAndQwen2NormalizesToNfc()
    {
        var (dir, tokenizer) = LoadFixture();
        using var _ = dir;
        int[] eAcute = [Qwen("Ã©")];
        Assert.That(tokenizer.Encode("é"), Is.EqualTo(eAcute));
        Assert.That(tokenizer.Encode("e\u0301"), Is.EqualTo(eAcute), "decomposed é must be composed (NFC) first");
        Assert.That(tokenizer.Decode(eAcute), Is.EqualTo("é"));
    }

    [Test]
    public void AddedTokensEncodeToSingleIdsAndAreSkippedWhenDecoding()
    {
        var (dir, tokenizer) = LoadFixture();
        using var _ = dir;
        int[] expected = [ImStartId, Qwen("hello"), QwenImageId, Qwen("Ġworld"), ImEndId];
        Assert.That(tokenizer.Encode("<|im_start|>hello<image> world<|im_end|>"), Is.EqualTo(expected));
        Assert.That(tokenizer.Decode(expected), Is.EqualTo("hello world"));
        Assert.Multiple(() =>
        {
            Assert.That(tokenizer.BosId, Is.EqualTo(-1), "Qwen2 has no BOS token");
            Assert.That(tokenizer.EosId, Is.EqualTo(ImEndId));
            Assert.That(tokenizer.PadId, Is.EqualTo(EndOfTextId));
            Assert.That(tokenizer.TokenToId("<|im_start|>"), Is.EqualTo(ImStartId));
            Assert.That(tokenizer.TokenToId("Ġworld"), Is.EqualTo(30));
            Assert.That(tokenizer.VocabSize, Is.EqualTo(QwenImageId + 1));
        });
    }

    [Test]
    public void VocabThatIsNotAJsonObjectIsRejectedNamingTheFile()
    {
        using var dir = new TempDirectory();
        WriteQwen2(dir);
        dir.Write("vocab.json", "[\"h\", \"e\"]");
        var e = Assert.Throws<InvalidDataException>(() => TokenizerLoader.Load(dir.Path));
        Assert.That(e!.Message, Does.Contain(dir.File("vocab.json")).And.Contain("JSON object"));
    }

    [Test]
    public void MalformedOrMismatchedMergesAreRejectedNamingTheFile()
    {
        using var dir = new TempDirectory();
        WriteQwen2(dir);
        dir.Write("merges.txt", "#version: 0.2\nh e\nl l x\n");
        var malformed = Assert.Throws<InvalidDataException>(() => TokenizerLoader.Load(dir.Path));
        Assert.That(malformed!.Message, Does.Contain(dir.File("merges.txt")).And.Contain("line 3"));

        dir.Write("merges.txt", "h e\nq z\n");
        var mismatched = Assert.Throws<InvalidDataException>(() => TokenizerLoader.Load(dir.Path));
        Assert.That(mismatched!.Message, Does.Contain(dir.File("merges.txt")));
    }

    [Test]
    public void SpecialTokensMissingFromTheVocabularyAreAClearError()
    {
        // Used to escape as a KeyNotFoundException, which the CLIs do not report as a bad file.
        using var dir = new TempDirectory();
        WriteQwen2(dir);
        dir.Write("tokenizer_config.json", "{\"tokenizer_class\": \"Qwen2Tokenizer\", \"eos_token\": \"<|nope|>\"}");
        var e = Assert.Throws<InvalidDataException>(() => TokenizerLoader.Load(dir.Path));
        Assert.That(e!.Message, Does.Contain(dir.File("vocab.json")).And.Contain("<|nope|>"));
    }

    [Test]
    public void AnIdTooLargeForAnEmbeddingTableIsRefused()
    {
        using var dir = new TempDirectory();
        WriteQwen2(dir);
        dir.Write("added_tokens.json", "{\"<video>\": 2147483647}");
        var e = Assert.Throws<InvalidDataException>(() => TokenizerLoader.Load(dir.Path));
        Assert.That(e!.Message, Does.Contain(dir.File("vocab.json")).And.Contain("2147483647"));
    }
}

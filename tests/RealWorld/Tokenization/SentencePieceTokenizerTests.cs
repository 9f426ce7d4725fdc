using AsymVLM.Data.Tokenization;
using AsymVLM.Tests.RealWorld.Fixtures;
using static AsymVLM.Tests.RealWorld.Fixtures.SentencePieceModelBytes;

namespace AsymVLM.Tests.RealWorld.Tokenization;

/// <summary>
/// Ids derived by hand from the fixture's BPE scores (best-scoring adjacent merge first, unknown characters as
/// UTF-8 byte pieces) and confirmed with Google's sentencepiece by reference/sentencepiece_fixture_ids.py.
/// </summary>
public class SentencePieceTokenizerTests
{
    private static (TempDirectory Dir, ITokenizer Tokenizer) LoadFixture()
    {
        var dir = new TempDirectory();
        TokenizerFixtures.WriteLlama(dir);
        return (dir, TokenizerLoader.Load(dir.Path));
    }

    [Test]
    public void EncodesByScoreOrderedMergesAndDecodesBack()
    {
        var (dir, tokenizer) = LoadFixture();
        using var _ = dir;
        // ▁ h e l l o ▁ w o r l d: ll, ▁h, ▁he, ▁hell, ▁hello, ▁w, or, ▁wor, ld; "▁world" is no piece.
        int[] expected = [IdOf("▁hello"), IdOf("▁wor"), IdOf("ld")];
        Assert.That(expected, Is.EqualTo(new[] { 263, 266, 267 }));
        Assert.That(tokenizer.Encode("hello world"), Is.EqualTo(expected));
        Assert.That(tokenizer.Decode(expected), Is.EqualTo("hello world"));
    }

    [Test]
    public void FallsBackToUtf8BytePiecesForUnknownCharacters()
    {
        var (dir, tokenizer) = LoadFixture();
        using var _ = dir;
        int[] hi = [IdOf("▁h"), ByteId((byte)'i'), ByteId((byte)'!')];
        Assert.That(tokenizer.Encode("hi!"), Is.EqualTo(hi));
        Assert.That(tokenizer.Decode(hi), Is.EqualTo("hi!"));

        // é = C3 A9 in UTF-8.
        int[] hello = [IdOf("▁h"), ByteId(0xC3), ByteId(0xA9), IdOf("ll"), IdOf("o")];
        Assert.That(tokenizer.Encode("héllo"), Is.EqualTo(hello));
        Assert.That(tokenizer.Decode(hello), Is.EqualTo("héllo"));
    }

    [Test]
    public void SpecialTokenIdsComeFromTheTokenizerConfig()
    {
        var (dir, tokenizer) = LoadFixture();
        using var _ = dir;
        Assert.Multiple(() =>
        {
            Assert.That(tokenizer, Is.InstanceOf<SentencePieceTokenizer>());
            Assert.That(tokenizer.BosId, Is.EqualTo(1));
            Assert.That(tokenizer.EosId, Is.EqualTo(2));
            Assert.That(tokenizer.PadId, Is.EqualTo(TokenizerFixtures.LlamaPadId));
            Assert.That(tokenizer.TokenToId("<image>"), Is.EqualTo(TokenizerFixtures.LlamaImageId));
            Assert.That(tokenizer.TokenToId("<0x41>"), Is.EqualTo(ByteId(0x41)));
            Assert.That(tokenizer.VocabSize, Is.EqualTo(TokenizerFixtures.LlamaPadId + 1));
            Assert.Throws<KeyNotFoundException>(() => tokenizer.TokenToId("<video>"));
        });
    }

    [Test]
    public void AddedTokenInTextEncodesToItsIdAndDecodingSkipsSpecialTokens()
    {
        var (dir, tokenizer) = LoadFixture();
        using var _ = dir;
        int image = TokenizerFixtures.LlamaImageId;
        int[] expected = [IdOf("▁hello"), IdOf("▁"), image, IdOf("▁wor"), IdOf("ld")];
        Assert.That(tokenizer.Encode("hello <image> world"), Is.EqualTo(expected));
        Assert.That(tokenizer.Decode([1, .. expected, 2]), Is.EqualTo("hello  world"));
    }

    [Test]
    public void NonProtobufModelFileIsRejectedNamingTheFile()
    {
        using var dir = new TempDirectory();
        dir.Write("tokenizer.model", "{\"this\": \"is json, not a SentencePiece model\"}");
        var e = Assert.Throws<InvalidDataException>(() => SentencePieceTokenizer.Load(dir.File("tokenizer.model"), TokenizerConfig.Load(dir.Path)));
        Assert.That(e!.Message, Does.Contain(dir.File("tokenizer.model")));
    }
}

using AsymVLM.Data.Tokenization;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Pipeline;

public class AnswerTextTests
{
    /// <summary>Token i decodes to pieces[i]; "\uFFFD" followed by "|" decodes to "\u00e9": a character whose bytes span two tokens.</summary>
    sealed class PieceTokenizer(params string[] pieces) : ITokenizer
    {
        public int VocabSize => pieces.Length;
        public int BosId => -1;
        public int EosId => -1;
        public int PadId => -1;
        public IReadOnlyList<int> Encode(string text) => throw new NotSupportedException();
        public int TokenToId(string token) => throw new NotSupportedException();
        public string Decode(IEnumerable<int> ids) => string.Concat(ids.Select(i => pieces[i])).Replace("\uFFFD|", "\u00e9");
    }

    static (string Text, List<string> Pieces, int Accepted) Run(ITokenizer tokenizer, int[] tokens, params string[] stops)
    {
        var pieces = new List<string>();
        var answer = new AnswerText(tokenizer, stops, pieces.Add);
        int accepted = tokens.TakeWhile(answer.Append).Count();
        answer.Finish();
        return (answer.Text, pieces, accepted);
    }

    [Test]
    public void PiecesConcatenateToTheDecodedText()
    {
        var (text, pieces, accepted) = Run(new PieceTokenizer("ab", " c", "d"), [0, 1, 2, 1]);
        Assert.That(text, Is.EqualTo("ab cd c"));
        Assert.That(pieces, Is.EqualTo(new[] { "ab", " c", "d", " c" }));
        Assert.That(accepted, Is.EqualTo(4));
    }

    [Test]
    public void TheAnswerEndsBeforeTheFirstStopSequence()
    {
        var (text, pieces, accepted) = Run(new PieceTokenizer("ab", "##", "cd"), [0, 2, 1, 2, 0], "d#");
        Assert.That(text, Is.EqualTo("abc"));
        Assert.That(string.Concat(pieces), Is.EqualTo("abc"));
        Assert.That(accepted, Is.EqualTo(2), "the token that completes the stop sequence ends generation");
    }

    [Test]
    public void TextThatMayBecomeAStopSequenceIsHeldBack()
    {
        var pieces = new List<string>();
        var answer = new AnswerText(new PieceTokenizer("ab", "EN", "x"), ["END"], pieces.Add);
        answer.Append(0);
        answer.Append(1);
        Assert.That(pieces, Is.EqualTo(new[] { "ab" }), "'EN' could still become 'END'");
        answer.Append(2);
        Assert.That(pieces, Is.EqualTo(new[] { "ab", "ENx" }));
    }

    [Test]
    public void AHalfCharacterWaitsForItsOtherHalf()
    {
        var (text, pieces, _) = Run(new PieceTokenizer("a", "\uFFFD", "|"), [0, 1, 2]);
        Assert.That(text, Is.EqualTo("a\u00e9"));
        Assert.That(pieces, Is.EqualTo(new[] { "a", "\u00e9" }));
    }
}

using AsymVLM.Data.Tokenization;

namespace AsymVLM.Inference.Pipeline;

/// <summary>
/// The answer's text as its tokens arrive: the tokens so far are decoded, the answer ends before the first stop
/// sequence (which is left out, as OpenAI's <c>stop</c> does), and new text goes to a listener. Text that could still
/// grow into a stop sequence, and a trailing U+FFFD (a character whose bytes span several tokens), are held back until
/// a later token settles them, so the pieces handed out concatenate to <see cref="Text"/>.
/// </summary>
public sealed class AnswerText(ITokenizer tokenizer, IReadOnlyList<string> stopSequences, Action<string>? onText = null)
{
    readonly List<int> tokens = [];
    int handedOut;

    public string Text { get; private set; } = "";

    /// <summary>Whether a stop sequence ended the answer.</summary>
    public bool Stopped { get; private set; }

    /// <returns>false once a stop sequence has appeared: generation should end</returns>
    public bool Append(int token)
    {
        tokens.Add(token);
        string decoded = tokenizer.Decode(tokens);
        int stop = stopSequences.Select(s => decoded.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        Stopped = stop >= 0;
        Text = Stopped ? decoded[..stop] : decoded;
        HandOut(Stopped ? Text.Length : Settled(Text));
        return !Stopped;
    }

    /// <summary>Hands out what was held back; call once generation has ended.</summary>
    public void Finish() => HandOut(Text.Length);

    int Settled(string text)
    {
        int end = text.EndsWith('\uFFFD') ? text.Length - 1 : text.Length;
        int held = 0;
        foreach (var stop in stopSequences)
            for (int n = Math.Min(stop.Length - 1, end); n > held; n--)
                if (text.AsSpan(end - n, n).SequenceEqual(stop.AsSpan(0, n))) { held = n; break; }
        return end - held;
    }

    void HandOut(int upTo)
    {
        if (upTo <= handedOut) return;
        onText?.Invoke(Text[handedOut..upTo]);
        handedOut = upTo;
    }
}

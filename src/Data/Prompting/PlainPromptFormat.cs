using AsymVLM.Data.Tokenization;

namespace AsymVLM.Data.Prompting;

/// <summary>
/// The reference VLM's format: <c>&lt;s&gt; &lt;image&gt;×N \n {question} \n</c>, then the answer and <c>&lt;/s&gt;</c>.
/// </summary>
public sealed class PlainPromptFormat(ITokenizer tokenizer, int imageTokenId, int imageTokens) : IPromptFormat
{
    public PromptIds Build(string question) => Build(question, imageTokens);

    public PromptIds Build(string question, int imageTokens)
    {
        if (string.IsNullOrWhiteSpace(question)) throw new ArgumentException("The question is empty.", nameof(question));
        var newline = tokenizer.Encode("\n");
        var q = tokenizer.Encode(question);
        var ids = new List<long>(imageTokens + q.Count + 2 * newline.Count + 1) { tokenizer.BosId };
        ids.AddRange(Enumerable.Repeat((long)imageTokenId, imageTokens));
        ids.AddRange(newline.Select(i => (long)i));
        int questionStart = ids.Count;
        ids.AddRange(q.Select(i => (long)i));
        int questionEnd = ids.Count;
        ids.AddRange(newline.Select(i => (long)i));
        return new PromptIds(ids.ToArray(), 1, imageTokens, questionStart, questionEnd);
    }
}

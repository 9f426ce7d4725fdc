using AsymVLM.Data.Tokenization;

namespace AsymVLM.Data.Prompting;

/// <summary>
/// A real checkpoint's chat format (LLaVA-1.5, ChatML) as prompt ids with the image placeholder expanded
/// and the question located: the question's span is found by encoding the text up to its start and up
/// to its end, and checked to be a prefix of the whole encoding.
/// </summary>
public sealed class ChatPromptFormat(ITokenizer tokenizer, ChatTemplate template, bool addBos, int imageTokens) : IPromptFormat
{
    readonly PromptBuilder builder = new(tokenizer, template, addBos);

    public PromptIds Build(string question) => Build(question, imageTokens);

    public PromptIds Build(string question, int imageTokens)
    {
        if (string.IsNullOrWhiteSpace(question)) throw new ArgumentException("The question is empty.", nameof(question));
        RequireNoControlTokens(question);
        var ids = builder.BuildIds(question, imageTokens).Select(i => (long)i).ToArray();
        string text = template.Render(question);
        int at = text.LastIndexOf(question, StringComparison.Ordinal);
        int bos = addBos ? 1 : 0, expansion = imageTokens - 1;
        int start = bos + tokenizer.Encode(text[..at]).Count + expansion;
        int end = bos + tokenizer.Encode(text[..(at + question.Length)]).Count + expansion;
        int imageStart = Array.IndexOf(ids, (long)builder.ImageTokenId);
        if (end > ids.Length || imageStart < 0 || imageStart + imageTokens > start)
            throw new InvalidOperationException($"Cannot locate the question in the prompt \"{text}\".");
        return new PromptIds(ids, imageStart, imageTokens, start, end);
    }

    // These tokenizers match their special tokens in text, so user text could end the turn or add an image; refused
    // rather than silently changing the prompt's structure.
    void RequireNoControlTokens(string question)
    {
        int[] control = [builder.ImageTokenId, tokenizer.BosId, tokenizer.EosId];
        int id = tokenizer.Encode(question).FirstOrDefault(id => control.Contains(id), -1);
        if (id >= 0)
            throw new ArgumentException($"The question contains a control token (id {id}) of this model's prompt format, such as an " +
                "end-of-turn or image marker; remove it.", nameof(question));
    }
}

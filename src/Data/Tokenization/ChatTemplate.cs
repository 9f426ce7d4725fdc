namespace AsymVLM.Data.Tokenization;

/// <summary>
/// Turns one question about one image into the model's prompt text, with <see cref="ImagePlaceholder"/> where the
/// image tokens go. The text ends where the assistant's answer starts.
/// </summary>
public abstract class ChatTemplate
{
    public const string ImagePlaceholder = "<image>";

    public string Render(string question)
    {
        if (question.Contains(ImagePlaceholder, StringComparison.Ordinal))
            throw new ArgumentException($"The question already contains '{ImagePlaceholder}'; the template places the image itself: \"{question}\".", nameof(question));
        return RenderWithImage(question);
    }

    protected abstract string RenderWithImage(string question);

    /// <summary>The template a checkpoint family was tuned with, chosen by its tokenizer_class.</summary>
    public static ChatTemplate ForTokenizerClass(string? tokenizerClass) => tokenizerClass switch
    {
        "LlamaTokenizer" or "LlamaTokenizerFast" => new LlavaV15ChatTemplate(),
        "Qwen2Tokenizer" or "Qwen2TokenizerFast" => new ChatMlTemplate(),
        _ => throw new ArgumentException(
            $"No chat template is known for tokenizer_class '{tokenizerClass ?? "(none)"}'; construct a ChatTemplate explicitly.", nameof(tokenizerClass)),
    };
}

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

    /// <summary>
    /// The template a checkpoint family was tuned with: a Mistral decoder's by the decoder, since LLaVA-1.6-Mistral
    /// declares Llama's tokenizer_class; every other family's by its tokenizer_class.
    /// </summary>
    /// <param name="tokenizerClass">tokenizer_config.json's tokenizer_class</param>
    /// <param name="decoderType">config.json's text_config.model_type</param>
    public static ChatTemplate ForModel(string? tokenizerClass, string decoderType) => (decoderType, tokenizerClass) switch
    {
        ("mistral", _) => new MistralInstructTemplate(),
        (_, "LlamaTokenizer" or "LlamaTokenizerFast") => new LlavaV15ChatTemplate(),
        (_, "Qwen2Tokenizer" or "Qwen2TokenizerFast") => new ChatMlTemplate(),
        _ => throw new ArgumentException(
            $"No chat template is known for tokenizer_class '{tokenizerClass ?? "(none)"}' with text_config.model_type '{decoderType}'; " +
            "construct a ChatTemplate explicitly.", nameof(tokenizerClass)),
    };
}

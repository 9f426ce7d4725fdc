namespace AsymVLM.Data.Tokenization;

/// <summary>
/// Qwen2's ChatML prompt: a system turn, then the user turn with the image before the question, then the opened
/// assistant turn.
/// </summary>
public sealed class ChatMlTemplate(string systemPrompt = ChatMlTemplate.DefaultSystemPrompt) : ChatTemplate
{
    public const string DefaultSystemPrompt = "You are a helpful assistant.";

    public string SystemPrompt { get; } = systemPrompt;

    protected override string RenderWithImage(string question) =>
        $"<|im_start|>system\n{SystemPrompt}<|im_end|>\n" +
        $"<|im_start|>user\n{ImagePlaceholder}\n{question}<|im_end|>\n" +
        "<|im_start|>assistant\n";
}

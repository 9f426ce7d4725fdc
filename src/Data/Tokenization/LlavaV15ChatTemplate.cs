namespace AsymVLM.Data.Tokenization;

/// <summary>
/// LLaVA-1.5 (Vicuna) prompt as in the llava-hf model cards: <c>USER: &lt;image&gt;\n{question} ASSISTANT:</c>,
/// optionally preceded by a system sentence and a space (the original LLaVA "vicuna_v1" conversation has one).
/// </summary>
public sealed class LlavaV15ChatTemplate(string? systemPrompt = null) : ChatTemplate
{
    public string? SystemPrompt { get; } = systemPrompt;

    protected override string RenderWithImage(string question)
    {
        string turn = $"USER: {ImagePlaceholder}\n{question} ASSISTANT:";
        return SystemPrompt is null ? turn : $"{SystemPrompt} {turn}";
    }
}

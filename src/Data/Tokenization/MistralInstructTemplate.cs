namespace AsymVLM.Data.Tokenization;

/// <summary>
/// Mistral-Instruct's prompt as LLaVA-1.6-Mistral (llava-hf/llava-v1.6-mistral-7b-hf) was tuned with:
/// <c>[INST] &lt;image&gt;\n{question} [/INST]</c>; [INST] is plain text to its tokenizer, not an added token.
/// </summary>
public sealed class MistralInstructTemplate : ChatTemplate
{
    protected override string RenderWithImage(string question) => $"[INST] {ImagePlaceholder}\n{question} [/INST]";
}

namespace AsymVLM.Data.Prompting;

/// <summary>Turns a question into prompt ids with the image placeholder expanded (a model's chat format).</summary>
public interface IPromptFormat
{
    /// <summary>The prompt with the model's fixed image-token count (one view: LLaVA).</summary>
    PromptIds Build(string question);

    /// <summary>The prompt with <paramref name="imageTokens"/> placeholders: an AnyRes image's count depends on its size.</summary>
    PromptIds Build(string question, int imageTokens);
}

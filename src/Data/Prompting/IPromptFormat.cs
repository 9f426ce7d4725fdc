namespace AsymVLM.Data.Prompting;

/// <summary>Turns a question into prompt ids with the image placeholder expanded (a model's chat format).</summary>
public interface IPromptFormat
{
    PromptIds Build(string question);
}

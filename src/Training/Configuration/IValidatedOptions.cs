namespace AsymVLM.Training.Configuration;

/// <summary>Options that check their own ranges and paths after binding.</summary>
public interface IValidatedOptions
{
    /// <param name="section">the section name, used to name keys in errors (e.g. "Training:LearningRate")</param>
    void Validate(string section);
}

namespace AsymVLM.Inference.Selection;

/// <summary>Chooses which vision tokens enter the language model's prefill.</summary>
public interface IVisionSelector
{
    /// <summary>The method's registry name, e.g. "visionzip".</summary>
    string Name { get; }

    /// <summary>Keeps <paramref name="keep"/> of the input's vision tokens (1..N).</summary>
    TokenSelection Select(SelectionInput input, int keep);
}

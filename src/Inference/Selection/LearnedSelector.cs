using AsymVLM.Inference.Scoring;
using static TorchSharp.torch;

namespace AsymVLM.Inference.Selection;

/// <summary>
/// AsymVLM's selector: the distilled importance head scores every vision token from the projected tokens
/// and the question's embeddings (before prefill), and the top-k are kept. It also predicts the
/// per-sample budget used by adaptive keep.
/// </summary>
public sealed class LearnedSelector(ImportanceHead head) : VisionSelector
{
    public const string MethodName = "learned";

    public override string Name => MethodName;

    public ImportanceHead Head => head;

    /// <summary>Per-token scores [N] and the predicted fraction of tokens to keep.</summary>
    public (float[] Scores, double KeepFraction) Score(SelectionInput input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // The head runs in float32 whatever the VLM's dtype: it is tiny and its ranking should not depend on bf16 rounding.
        var vision = input.VisionTokens.to(float32).unsqueeze(0);
        var question = input.QuestionEmbeddings.to(float32).unsqueeze(0);
        var mask = ones(1, question.shape[1], dtype: ScalarType.Bool, device: vision.device);
        var output = head.Forward(vision, question, mask, input.Layout);
        return (output.Scores[0].to(float32).cpu().data<float>().ToArray(), Math.Exp(output.LogKeepFraction[0].to(float32).item<float>()));
    }

    protected override TokenSelection SelectTokens(SelectionInput input, int keep) =>
        new(TopScores.Indices(Score(input).Scores, keep), null);
}

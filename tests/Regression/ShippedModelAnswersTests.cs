using AsymVLM.Inference.Generation;
using AsymVLM.Inference.Pipeline;

namespace AsymVLM.Tests.Regression;

/// <summary>
/// The shipped reference VLM loads from its HF-layout directory and answers a committed handful of test-split
/// questions right, unpruned and with the learned selector at 25 % keep. The ids are the first two of each family, in
/// test-split order, that the model answered right both ways with the shipped scorer when it was distilled. A failure
/// means the checkpoint, its loading or the runtime changed, not that the model is weak (its accuracy is in the README).
/// </summary>
[Category("Regression")]
public class ShippedModelAnswersTests
{
    static readonly string[] Ids = ["s3_000000", "s3_000005", "s3_000001", "s3_000006", "s3_000002", "s3_000007", "s3_000003", "s3_000008"];

    [TestCase("none", 1.0)]
    [TestCase("learned", 0.25)]
    public void AnswersTheCommittedQuestions(string selector, double keep)
    {
        var shipped = ShippedCheckpoints.Load();
        var options = new RequestOptions { Selector = selector, Budget = VisionBudget.OfRatio(keep), Generation = new GenerationOptions { MaxNewTokens = 24 } };
        Assert.That(Ids, Is.Not.Empty);
        using var all = Assert.EnterMultipleScope();
        foreach (var id in Ids)
        {
            var (sample, pixels) = shipped.TestSplit.Single(s => s.Sample.Id == id);
            Assert.That(shipped.Pipeline.Ask(pixels, sample.Question, options).Answer, Is.EqualTo(sample.Answer), $"{id}: {sample.Question}");
        }
    }
}

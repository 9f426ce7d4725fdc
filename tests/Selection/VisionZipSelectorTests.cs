using AsymVLM.Inference.Selection;
using static TorchSharp.torch;

namespace AsymVLM.Tests.Selection;

public class VisionZipSelectorTests : TorchScopedTest
{
    [Test]
    public void KeepsTheTokensTheClsTokenAttendsToMostUnchanged()
    {
        var input = SelectionInputs.Random(seed: 7);
        const int keep = 16;
        int dominantCount = keep - VisionZipSelector.ContextualCount(keep);
        Assert.That(dominantCount, Is.EqualTo(14));

        var selection = new VisionZipSelector().Select(input, keep);

        var attention = input.EncoderAttention!.data<float>().ToArray();
        var topAttention = Enumerable.Range(0, attention.Length).OrderByDescending(i => attention[i]).Take(dominantCount);
        foreach (int token in topAttention)
        {
            int row = Array.IndexOf(selection.Indices, (long)token);
            Assert.That(row, Is.GreaterThanOrEqualTo(0), $"top-attention token {token} is kept");
            Assert.That(selection.Replacements![row].allclose(input.VisionTokens[token]), Is.True,
                $"dominant token {token} keeps its embedding");
        }
    }

    [Test]
    public void ReplacesEachContextualTargetByTheMeanOfItsGroup()
    {
        // Tokens 0..10 draw the CLS attention (dominant: 13 kept = 11 dominant + 2 contextual). The rest,
        // 11..15, get targets 11 and 13 (every 2nd); 12 and 15 point like 11, 14 points like 13.
        var tokens = new float[16, 2];
        for (int i = 0; i <= 10; i++)
            (tokens[i, 0], tokens[i, 1]) = (i + 1, -1);
        (tokens[11, 0], tokens[11, 1]) = (1, 0);
        (tokens[12, 0], tokens[12, 1]) = (3, 0.1f);
        (tokens[13, 0], tokens[13, 1]) = (0, 1);
        (tokens[14, 0], tokens[14, 1]) = (0.1f, 2);
        (tokens[15, 0], tokens[15, 1]) = (2, 0.2f);
        var attention = Enumerable.Range(0, 16).Select(i => i <= 10 ? 1f - i * 0.01f : 0.001f).ToArray();
        var input = SelectionInputs.FromRows(tokens, attention, 4, 4);
        Assert.That(VisionZipSelector.ContextualCount(13), Is.EqualTo(2));

        var selection = new VisionZipSelector().Select(input, 13);

        Assert.That(selection.Indices, Is.EqualTo(Enumerable.Range(0, 12).Append(13).Select(i => (long)i)));
        var rows = selection.Replacements!;
        Assert.That(rows[11].data<float>().ToArray(), Is.EqualTo(new[] { 2f, 0.1f }).Within(1e-6f), "mean of 11, 12, 15");
        Assert.That(rows[12].data<float>().ToArray(), Is.EqualTo(new[] { 0.05f, 1.5f }).Within(1e-6f), "mean of 13, 14");
        Assert.That(rows[..11].allclose(input.VisionTokens[..11]), Is.True, "dominant tokens unchanged");
    }

    [Test]
    public void BudgetWithoutContextualTokensIsTheTopAttentionSetWithOriginalEmbeddings()
    {
        var input = SelectionInputs.Random(seed: 8);
        var attention = input.EncoderAttention!.data<float>().ToArray();

        var selection = new VisionZipSelector().Select(input, 4);

        var expected = Enumerable.Range(0, attention.Length).OrderByDescending(i => attention[i]).Take(4).Order().Select(i => (long)i);
        Assert.That(selection.Indices, Is.EqualTo(expected));
        Assert.That(selection.Replacements, Is.Null);
    }

    [Test]
    public void RequiresEncoderAttention()
    {
        var input = SelectionInputs.Random(seed: 9) with { EncoderAttention = null };

        var error = Assert.Throws<ArgumentException>(() => new VisionZipSelector().Select(input, 8));
        Assert.That(error!.Message, Does.Contain("EncoderAttention").And.Contain("visionzip"));
    }
}

using AsymVLM.Inference.Generation;

namespace AsymVLM.Tests.Generation;

public class GenerationOptionsTests
{
    static IEnumerable<TestCaseData> BadOptions()
    {
        yield return new TestCaseData(new GenerationOptions { MaxNewTokens = 0 }, "MaxNewTokens").SetArgDisplayNames("MaxNewTokens 0");
        yield return new TestCaseData(new GenerationOptions { MaxNewTokens = -3 }, "MaxNewTokens").SetArgDisplayNames("MaxNewTokens -3");
        yield return new TestCaseData(new GenerationOptions { Temperature = -0.1 }, "Temperature").SetArgDisplayNames("Temperature -0.1");
        yield return new TestCaseData(new GenerationOptions { TopP = 0 }, "TopP").SetArgDisplayNames("TopP 0");
        yield return new TestCaseData(new GenerationOptions { TopP = -0.5 }, "TopP").SetArgDisplayNames("TopP -0.5");
        yield return new TestCaseData(new GenerationOptions { TopP = 1.01 }, "TopP").SetArgDisplayNames("TopP 1.01");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void ValidateRejectsAndNamesTheBadValue(GenerationOptions options, string field)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.That(e!.ParamName, Is.EqualTo(field));
    }

    [Test]
    public void ValidateAcceptsTheBoundaries()
    {
        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(new GenerationOptions().Validate);
            Assert.DoesNotThrow(new GenerationOptions { MaxNewTokens = 1, Temperature = 0, TopP = 1 }.Validate);
            Assert.DoesNotThrow(new GenerationOptions { Temperature = 2, TopP = 1e-6 }.Validate);
        });
    }
}

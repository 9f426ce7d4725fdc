using AsymVLM.Tests.Cli;
using AsymVLM.Inference.Eviction;

namespace AsymVLM.Tests.Eviction;

public class TextPolicyArgsTests
{
    static TextEvictionOptions Parse(params string[] argv) =>
        RequestArgsParser.Parse(argv).TextPolicyOptions;

    [Test]
    public void OptionsLeftOutKeepThePolicyDefaults() =>
        Assert.That(Parse("--text-policy", "asym", "--text-budget", "20"), Is.EqualTo(TextEvictionOptions.Defaults));

    [Test]
    public void GivenSettingsReachThePolicyOptions()
    {
        var options = Parse("--text-policy", "asym", "--text-sinks", "3", "--text-recent", "5", "--text-decay", "0.8", "--text-threshold", "0.25");
        Assert.That(options, Is.EqualTo(new TextEvictionOptions(3, 5, 0.8f, 0.25f)));
    }

    [Test]
    public void ABadValueNamesTheOption() =>
        Assert.That(() => Parse("--text-threshold", "half"), Throws.ArgumentException.With.Message.Contains("--text-threshold"));
}

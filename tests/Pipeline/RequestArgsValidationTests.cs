using AsymVLM.Tests.Cli;

namespace AsymVLM.Tests.Pipeline;

/// <summary>Request options from the command line are checked before any model loads; the error names the option.</summary>
public class RequestArgsValidationTests
{
    static void Parse(params string[] argv) => RequestArgsParser.Parse(argv);

    [TestCase("--keep", "NaN")]
    [TestCase("--keep", "Infinity")]
    [TestCase("--keep", "0")]
    [TestCase("--keep", "1.5")]
    [TestCase("--keep-count", "0")]
    [TestCase("--text-budget", "-1")]
    [TestCase("--text-sinks", "-2")]
    [TestCase("--text-decay", "NaN")]
    [TestCase("--text-decay", "0")]
    [TestCase("--text-threshold", "-1")]
    [TestCase("--max-new-tokens", "0")]
    [TestCase("--min-keep", "0")]
    public void BadValueIsRefused(string option, string value) =>
        Assert.That(() => Parse(option, value), Throws.InstanceOf<ArgumentException>(), $"{option} {value}");

    [Test]
    public void GoodValuesParse() =>
        Assert.That(() => Parse("--keep", "0.25", "--text-budget", "12", "--text-decay", "0.9", "--selector", "random"), Throws.Nothing);
}

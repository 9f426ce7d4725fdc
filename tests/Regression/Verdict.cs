namespace AsymVLM.Tests.Regression;

/// <summary>
/// A regression check's outcome on one scorer: whether it holds, and the measured figures. Checks return a verdict
/// instead of asserting, so the suite can require both that the shipped scorer passes and that the negative control fails.
/// </summary>
public sealed record Verdict(bool Holds, string Figures)
{
    public static void RequireHolds(Verdict v)
    {
        TestContext.Out.WriteLine(v.Figures); // the measured figures, in the log whether or not the check holds
        Assert.That(v.Holds, Is.True, v.Figures);
    }

    public static void RequireFails(Verdict v)
    {
        TestContext.Out.WriteLine(v.Figures);
        Assert.That(v.Holds, Is.False, "the negative control passed: " + v.Figures);
    }
}

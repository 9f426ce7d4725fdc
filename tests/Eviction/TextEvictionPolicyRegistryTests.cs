using AsymVLM.Inference.Eviction;

namespace AsymVLM.Tests.Eviction;

public class TextEvictionPolicyRegistryTests
{
    [Test]
    public void CreatesAFreshPolicyUnderEachName()
    {
        var registry = TextEvictionPolicyRegistry.WithBuiltIns();

        Assert.That(registry.Names, Is.EqualTo(new[] { "asym", "h2o", "none", "streamingllm", "tova" }));
        foreach (string name in registry.Names)
        {
            var policy = registry.Create(name);
            Assert.That(policy.Name, Is.EqualTo(name));
            Assert.That(registry.Create(name), Is.Not.SameAs(policy), "policies are per request");
        }
    }

    [Test]
    public void UnknownNameErrorListsTheKnownNames()
    {
        var error = Assert.Throws<ArgumentException>(() => TextEvictionPolicyRegistry.WithBuiltIns().Create("snapkv"));

        Assert.That(error!.Message, Does.Contain("'snapkv'").And.Contain("asym, h2o, none, streamingllm, tova"));
    }

    [Test]
    public void PassesOptionsToThePolicy()
    {
        var policy = TextEvictionPolicyRegistry.WithBuiltIns().Create("streamingllm", new TextEvictionOptions(Sinks: 1));
        var step = new EvictionStep([10, 11, 12, 13, 14, 15], new float[6], Budget: 3);

        Assert.That(new PolicyDriver(policy).SelectEvictions(step), Is.EqualTo(new long[] { 11, 12, 13 }));
    }

    [Test]
    public void RejectsRegisteringANameTwice()
    {
        var registry = TextEvictionPolicyRegistry.WithBuiltIns();

        Assert.That(() => registry.Register("tova", _ => new TovaPolicy()),
            Throws.ArgumentException.With.Message.Contains("'tova' is already registered"));
    }
}

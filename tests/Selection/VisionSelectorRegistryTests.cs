using AsymVLM.Inference.Selection;

namespace AsymVLM.Tests.Selection;

public class VisionSelectorRegistryTests : TorchScopedTest
{
    [Test]
    public void CreatesEachBaselineUnderItsOwnName()
    {
        var registry = VisionSelectorRegistry.WithBaselines();

        Assert.That(registry.Names, Is.EqualTo(new[] { "divprune", "none", "random", "uniform", "visionzip" }));
        foreach (string name in registry.Names)
            Assert.That(registry.Create(name, seed: 0).Name, Is.EqualTo(name));
    }

    [Test]
    public void UnknownNameErrorListsTheKnownNames()
    {
        var error = Assert.Throws<ArgumentException>(() => VisionSelectorRegistry.WithBaselines().Create("fastv", seed: 0));

        Assert.That(error!.Message, Does.Contain("'fastv'"));
        Assert.That(error.Message, Does.Contain("divprune, none, random, uniform, visionzip"));
    }

    [Test]
    public void RegisteredFactoryReceivesTheSeed()
    {
        var registry = VisionSelectorRegistry.WithBaselines();
        registry.Register("random-again", seed => new RandomSelector(seed));
        var input = SelectionInputs.Random(seed: 10);

        var viaRegistry = registry.Create("random-again", seed: 3).Select(input, 8).Indices;

        Assert.That(viaRegistry, Is.EqualTo(new RandomSelector(3).Select(input, 8).Indices));
    }

    [Test]
    public void RejectsRegisteringANameTwice()
    {
        var registry = VisionSelectorRegistry.WithBaselines();

        var error = Assert.Throws<ArgumentException>(() => registry.Register("uniform", _ => new UniformGridSelector()));
        Assert.That(error!.Message, Does.Contain("'uniform' is already registered"));
    }
}

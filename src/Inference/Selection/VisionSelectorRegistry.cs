namespace AsymVLM.Inference.Selection;

/// <summary>
/// Vision selectors by name. A factory receives the run's seed; methods that need more (a trained
/// scorer, a model) register a closure over it: <c>registry.Register("asym", _ =&gt; new ...(model))</c>.
/// </summary>
public sealed class VisionSelectorRegistry
{
    private readonly Dictionary<string, Func<int, IVisionSelector>> _factories = new(StringComparer.Ordinal);

    /// <summary>A registry holding the training-free baselines.</summary>
    public static VisionSelectorRegistry WithBaselines()
    {
        var registry = new VisionSelectorRegistry();
        registry.Register(NoPruningSelector.MethodName, _ => new NoPruningSelector());
        registry.Register(RandomSelector.MethodName, seed => new RandomSelector(seed));
        registry.Register(UniformGridSelector.MethodName, _ => new UniformGridSelector());
        registry.Register(VisionZipSelector.MethodName, _ => new VisionZipSelector());
        registry.Register(DivPruneSelector.MethodName, _ => new DivPruneSelector());
        return registry;
    }

    /// <summary>Registered names, sorted.</summary>
    public IReadOnlyList<string> Names => _factories.Keys.Order(StringComparer.Ordinal).ToArray();

    public void Register(string name, Func<int, IVisionSelector> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_factories.TryAdd(name, factory))
            throw new ArgumentException($"Vision selector '{name}' is already registered.", nameof(name));
    }

    public IVisionSelector Create(string name, int seed)
    {
        if (!_factories.TryGetValue(name, out var factory))
            throw new ArgumentException(
                $"Unknown vision selector '{name}'; known: {string.Join(", ", Names)}.", nameof(name));
        return factory(seed);
    }
}

namespace AsymVLM.Inference.Eviction;

/// <summary>Text eviction policies by name; each Create returns a fresh policy for one request.</summary>
public sealed class TextEvictionPolicyRegistry
{
    private readonly Dictionary<string, Func<TextEvictionOptions, ITextEvictionPolicy>> _factories = new(StringComparer.Ordinal);

    /// <summary>A registry holding the cache-eviction baselines and AsymVLM's rule.</summary>
    public static TextEvictionPolicyRegistry WithBuiltIns()
    {
        var registry = new TextEvictionPolicyRegistry();
        registry.Register(NoEvictionPolicy.MethodName, _ => new NoEvictionPolicy());
        registry.Register(StreamingLlmPolicy.MethodName, o => new StreamingLlmPolicy(o.Sinks ?? StreamingLlmPolicy.DefaultSinks));
        registry.Register(H2OPolicy.MethodName, o => new H2OPolicy(o.Recent));
        registry.Register(TovaPolicy.MethodName, _ => new TovaPolicy());
        registry.Register(TemporalThresholdPolicy.MethodName, o => new TemporalThresholdPolicy(
            o.Sinks ?? TemporalThresholdPolicy.DefaultSinks,
            o.Recent ?? TemporalThresholdPolicy.DefaultRecent,
            o.Decay ?? TemporalThresholdPolicy.DefaultDecay,
            o.Threshold ?? TemporalThresholdPolicy.DefaultThreshold));
        return registry;
    }

    /// <summary>Registered names, sorted.</summary>
    public IReadOnlyList<string> Names => _factories.Keys.Order(StringComparer.Ordinal).ToArray();

    public void Register(string name, Func<TextEvictionOptions, ITextEvictionPolicy> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_factories.TryAdd(name, factory))
            throw new ArgumentException($"Text eviction policy '{name}' is already registered.", nameof(name));
    }

    public ITextEvictionPolicy Create(string name, TextEvictionOptions? options = null)
    {
        if (!_factories.TryGetValue(name, out var factory))
            throw new ArgumentException(
                $"Unknown text eviction policy '{name}'; known: {string.Join(", ", Names)}.", nameof(name));
        return factory(options ?? TextEvictionOptions.Defaults);
    }
}

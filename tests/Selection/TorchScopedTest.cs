namespace AsymVLM.Tests.Selection;

/// <summary>Disposes every tensor a test creates.</summary>
public abstract class TorchScopedTest
{
    private TorchSharp.DisposeScope? _scope;

    [SetUp]
    public void OpenScope() => _scope = TorchSharp.torch.NewDisposeScope();

    [TearDown]
    public void CloseScope() => _scope?.Dispose();
}
